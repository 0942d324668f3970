// `stopword` 3 ships no types; this covers the part we use.
declare module 'stopword' {
  /** English stop words, lower-case. */
  export const eng: readonly string[];
  export function removeStopwords(
    tokens: readonly string[],
    stopwords?: readonly string[],
  ): string[];
}
