import { createHash } from 'node:crypto';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { countTokens } from './token-counter';
import { chunkContext } from './markdown/chunk-context';
import { parseFrontMatter } from './markdown/front-matter';
import { splitMarkdownSections } from './markdown/markdown-sections';
import type { DocumentFormat } from './markdown/parse-document';

export interface ChunkingOptions {
  /** Largest chunk, in cl100k_base tokens. */
  chunkSizeTokens: number;
  /** Tokens shared by neighbouring chunks, so a sentence cut at a border is whole in one of them. */
  chunkOverlapTokens: number;
}

export interface SplitOptions {
  /** `text` (the default): one recursive split. `markdown`: front matter dropped, split per section. */
  format?: DocumentFormat;
}

export interface Chunk {
  index: number;
  text: string;
  /**
   * Markdown only: the heading path of the chunk's section ("Guide > Tracing > Filters"), embedded
   * with the text and shown beside it. Absent for plain text and for text before any heading.
   */
  context?: string;
  /**
   * sha256, first 32 hex characters, of the text, or of `[context, text]` as JSON when there is a
   * context: equal hashes mean equal embedded text, and renaming a heading changes the hashes of
   * its section's chunks, so they are embedded again.
   */
  contentHash: string;
  /** Tokens of `embeddingText(chunk)`, context included: at most `chunkSizeTokens`. */
  tokens: number;
}

/** Markdown-aware separators first (headings, paragraphs), then lines, sentences, words. */
const SEPARATORS = [
  '\n## ',
  '\n### ',
  '\n#### ',
  '\n\n',
  '\n',
  '. ',
  '? ',
  '! ',
  '; ',
  ', ',
  ' ',
  '',
];
/** Inside a Markdown section the headings are already cut: paragraphs come first. */
const SECTION_SEPARATORS = SEPARATORS.slice(SEPARATORS.indexOf('\n\n'));

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** What is embedded for a chunk: its context, a blank line and its text; the text alone without one. */
export function embeddingText(chunk: Pick<Chunk, 'text' | 'context'>): string {
  return chunk.context ? `${chunk.context}\n\n${chunk.text}` : chunk.text;
}

/**
 * Token-aware recursive splitter (LangChain's RecursiveCharacterTextSplitter measuring length
 * in tokens): splits at the coarsest separator that yields pieces under the limit, then merges
 * neighbours up to `chunkSizeTokens` with `chunkOverlapTokens` of overlap. Deterministic: the same
 * text always yields the same chunks, which is what lets unchanged chunks keep their embeddings.
 *
 * Markdown is split per heading section first (see splitMarkdownSections), so a chunk never
 * crosses a heading and carries its section's heading path as `context`; the context's tokens
 * are reserved from the section's budget. An edit changes only the chunks of its own section.
 */
export class Chunker {
  private readonly splitter: RecursiveCharacterTextSplitter;
  /** Section splitters by text budget (the chunk size less a context's tokens): at most one per size. */
  private readonly sectionSplitters = new Map<number, RecursiveCharacterTextSplitter>();

  constructor(readonly options: ChunkingOptions) {
    this.splitter = new RecursiveCharacterTextSplitter({
      chunkSize: options.chunkSizeTokens,
      chunkOverlap: options.chunkOverlapTokens,
      separators: SEPARATORS,
      keepSeparator: true,
      lengthFunction: countTokens,
    });
  }

  async split(text: string, options: SplitOptions = {}): Promise<Chunk[]> {
    if (options.format === 'markdown') return this.splitMarkdown(text);
    const pieces = await this.splitter.splitText(text.replace(/\r\n?/g, '\n'));
    return pieces
      .map((piece) => piece.trim())
      .filter((piece) => piece.length > 0)
      .map((piece, index) => ({
        index,
        text: piece,
        contentHash: hashText(piece),
        tokens: countTokens(piece),
      }));
  }

  /** Front matter is dropped here too (it is document metadata), so raw file text can be passed. */
  private async splitMarkdown(text: string): Promise<Chunk[]> {
    const chunks: Chunk[] = [];
    const { chunkSizeTokens } = this.options;
    for (const section of splitMarkdownSections(parseFrontMatter(text).body)) {
      if (section.text.trim() === '') continue;
      const context = chunkContext(section.headingPath, chunkSizeTokens);
      const reserved = context === undefined ? 0 : countTokens(`${context}\n\n`);
      for (const piece of await this.fitSection(section.text, context, chunkSizeTokens - reserved))
        chunks.push(markdownChunk(chunks.length, piece, context));
    }
    return chunks;
  }

  /**
   * Pieces of a section whose embedded text (context included) fits the chunk size. Token counts
   * do not quite add up when texts are joined, so a piece that comes out over is split again
   * with the excess taken off its budget; budgets only shrink, so this ends.
   */
  private async fitSection(
    text: string,
    context: string | undefined,
    budget: number,
  ): Promise<string[]> {
    const pieces = (await this.sectionSplitter(budget).splitText(text))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length > 0);
    const fitted: string[] = [];
    for (const piece of pieces) {
      const excess =
        countTokens(embeddingText({ text: piece, context })) - this.options.chunkSizeTokens;
      if (excess <= 0 || budget <= 1) fitted.push(piece);
      else fitted.push(...(await this.fitSection(piece, context, Math.max(1, budget - excess))));
    }
    return fitted;
  }

  private sectionSplitter(budget: number): RecursiveCharacterTextSplitter {
    const size = Math.max(1, budget);
    let splitter = this.sectionSplitters.get(size);
    if (!splitter) {
      splitter = new RecursiveCharacterTextSplitter({
        chunkSize: size,
        // A smaller budget keeps the overlap in proportion (and below the size, as LangChain requires).
        chunkOverlap: Math.min(this.options.chunkOverlapTokens, Math.floor(size / 2)),
        separators: SECTION_SEPARATORS,
        keepSeparator: true,
        lengthFunction: countTokens,
      });
      this.sectionSplitters.set(size, splitter);
    }
    return splitter;
  }
}

function markdownChunk(index: number, text: string, context: string | undefined): Chunk {
  if (context === undefined)
    return { index, text, contentHash: hashText(text), tokens: countTokens(text) };
  return {
    index,
    text,
    context,
    contentHash: hashText(JSON.stringify([context, text])),
    tokens: countTokens(embeddingText({ text, context })),
  };
}
