import { eng } from 'stopword';
import { porterStem } from './porter-stem';

/** Letters and digits; everything else (punctuation, `_`, `-`, `.`) separates words. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Apostrophes are dropped before splitting, so "user's" and "don't" stay one word each. */
const APOSTROPHE = /['\u2019]/g;
/** Longer "words" are base64, hashes or minified code: noise for lexical search. */
const MAX_WORD_LENGTH = 40;

const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(eng);

export interface Bm25TokenizeOptions {
  /** Stemmer applied to each kept word; Porter (`stemmer` package) by default. */
  stem?: (word: string) => string;
  /** Words dropped before stemming; the `stopword` package's English list by default. */
  stopWords?: ReadonlySet<string>;
}

/**
 * Splits text into the terms BM25 counts: NFKC-normalised, lower-cased words of letters and
 * digits, without English stop words, Porter-stemmed. Documents and queries must go through the
 * same function, so anything indexing or querying the sparse side reuses this one.
 */
export function bm25Tokenize(text: string, options: Bm25TokenizeOptions = {}): string[] {
  const stem = options.stem ?? porterStem;
  const stopWords = options.stopWords ?? ENGLISH_STOP_WORDS;
  const words = text.normalize('NFKC').toLowerCase().replace(APOSTROPHE, '').match(WORD) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    if (word.length > MAX_WORD_LENGTH || stopWords.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/**
 * 32-bit FNV-1a hash of a term's UTF-8 bytes: the term's index in the sparse vector. Stable across
 * processes and releases, no vocabulary to store. Two terms sharing an id (about 1 in 2^32 per pair)
 * only merge their counts, a harmless blur for ranking.
 */
export function termId(term: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(term, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
