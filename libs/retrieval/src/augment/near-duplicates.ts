import { createHash } from 'node:crypto';

/** Jaccard similarity of word 3-shingles at or above which two texts count as the same. */
export const NEAR_DUPLICATE_JACCARD = 0.9;
const SHINGLE_WORDS = 3;

/** Case, accents' composition, punctuation and spacing do not make a text different. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function shingles(normalized: string): Set<string> {
  const words = normalized.split(' ');
  if (words.length <= SHINGLE_WORDS) return new Set([normalized]);
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    set.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return set;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Keeps the first of each group of duplicates (input is best first): equal normalised text
 * (sha1), or word-3-shingle Jaccard ≥ 0.9 with a text already kept (the same page copied into
 * two documents, a re-uploaded file with a changed footer).
 */
export function removeNearDuplicates<T>(items: T[], textOf: (item: T) => string): T[] {
  const hashes = new Set<string>();
  const kept: Array<{ item: T; shingles: Set<string> }> = [];
  for (const item of items) {
    const normalized = normalizeText(textOf(item));
    const hash = createHash('sha1').update(normalized).digest('hex');
    if (hashes.has(hash)) continue;
    const own = shingles(normalized);
    if (kept.some((other) => jaccard(own, other.shingles) >= NEAR_DUPLICATE_JACCARD)) continue;
    hashes.add(hash);
    kept.push({ item, shingles: own });
  }
  return kept.map((entry) => entry.item);
}
