import { randomInt, seededRandom, type Random } from './prng';

/** A generated document: a title and paragraphs; `renderDocument` gives its Markdown text. */
export interface BenchDocument {
  id: string;
  title: string;
  paragraphs: string[];
}

export interface CorpusOptions {
  count: number;
  /** Characters to reach before a document is closed (~2 KB by default). */
  targetChars?: number;
  seed?: number;
}

const SECTION_TITLES = ['Overview', 'Details', 'How it works', 'Notes', 'Examples', 'Background'];

/**
 * Recombines real paragraphs into `count` Markdown-like documents with a seeded PRNG, so every run
 * benchmarks the same corpus. Document ids are `bench/doc-<n>` (a `/` exercises id encoding).
 */
export function generateCorpus(pool: readonly string[], options: CorpusOptions): BenchDocument[] {
  if (pool.length < 2) throw new Error('the paragraph pool needs at least two paragraphs');
  const random = seededRandom(options.seed ?? 20240601);
  const target = options.targetChars ?? 2000;
  const documents: BenchDocument[] = [];
  for (let n = 0; n < options.count; n++) {
    const paragraphs: string[] = [];
    let length = 0;
    while (length < target) {
      const paragraph = pool[randomInt(random, pool.length)];
      paragraphs.push(paragraph);
      length += paragraph.length + 2;
    }
    documents.push({ id: `bench/doc-${n}`, title: `Bench document ${n}`, paragraphs });
  }
  return documents;
}

/** Markdown text: a title heading, and a section heading before every third paragraph. */
export function renderDocument(document: BenchDocument): string {
  const parts = [`# ${document.title}`];
  document.paragraphs.forEach((paragraph, i) => {
    if (i > 0 && i % 3 === 0) parts.push(`## ${SECTION_TITLES[(i / 3) % SECTION_TITLES.length]}`);
    parts.push(paragraph);
  });
  return parts.join('\n\n') + '\n';
}

/** The document with paragraph `index` replaced: one paragraph changed, nothing else. */
export function withParagraph(
  document: BenchDocument,
  index: number,
  paragraph: string,
): BenchDocument {
  const paragraphs = [...document.paragraphs];
  paragraphs[index] = paragraph;
  return { ...document, paragraphs };
}

/**
 * Deterministic single-paragraph edits of `count` distinct documents: each gets one paragraph
 * replaced by a different pool paragraph.
 */
export function editDocuments(
  documents: readonly BenchDocument[],
  pool: readonly string[],
  count: number,
  seed: number,
): BenchDocument[] {
  const random = seededRandom(seed);
  return pickDistinct(random, documents.length, count).map((i) => {
    const document = documents[i];
    const index = randomInt(random, document.paragraphs.length);
    let replacement = pool[randomInt(random, pool.length)];
    while (replacement === document.paragraphs[index]) {
      replacement = pool[randomInt(random, pool.length)];
    }
    return withParagraph(document, index, replacement);
  });
}

/** `count` distinct indices below `size` in a seeded order (partial Fisher-Yates). */
export function pickDistinct(random: Random, size: number, count: number): number[] {
  const indices = Array.from({ length: size }, (_, i) => i);
  const take = Math.min(count, size);
  for (let i = 0; i < take; i++) {
    const j = i + randomInt(random, size - i);
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, take);
}
