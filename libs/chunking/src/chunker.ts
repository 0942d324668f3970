import { createHash } from 'node:crypto';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { countTokens } from './token-counter';

export interface ChunkingOptions {
  /** Largest chunk, in cl100k_base tokens. */
  chunkSizeTokens: number;
  /** Tokens shared by neighbouring chunks, so a sentence cut at a border is whole in one of them. */
  chunkOverlapTokens: number;
}

export interface Chunk {
  index: number;
  text: string;
  /** sha256 of the text, first 32 hex characters: equal hashes mean equal text. */
  contentHash: string;
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

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Token-aware recursive splitter (LangChain's RecursiveCharacterTextSplitter measuring length
 * in tokens): splits at the coarsest separator that yields pieces under the limit, then merges
 * neighbours up to `chunkSizeTokens` with `chunkOverlapTokens` of overlap. Deterministic: the same
 * text always yields the same chunks, which is what lets unchanged chunks keep their embeddings.
 */
export class Chunker {
  private readonly splitter: RecursiveCharacterTextSplitter;

  constructor(readonly options: ChunkingOptions) {
    this.splitter = new RecursiveCharacterTextSplitter({
      chunkSize: options.chunkSizeTokens,
      chunkOverlap: options.chunkOverlapTokens,
      separators: SEPARATORS,
      keepSeparator: true,
      lengthFunction: countTokens,
    });
  }

  async split(text: string): Promise<Chunk[]> {
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
}
