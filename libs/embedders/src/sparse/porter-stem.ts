import type * as StemmerModule from 'stemmer';

let stem: ((word: string) => string) | undefined;

/**
 * Porter stem of one lower-case word, from the `stemmer` package.
 *
 * `stemmer` 2 is ESM-only. Node >= 20.19 (our engines floor) loads it with plain `require`, so the
 * SWC build works, but Jest's CommonJS runtime on Node < 24.9 refuses it unless jest.config
 * transforms it. Loading it on first use, not at import, keeps `@ragline/embedders` importable
 * everywhere; only code that actually stems needs the module.
 */
export function porterStem(word: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see above
  stem ??= (require('stemmer') as typeof StemmerModule).stemmer;
  return stem(word);
}
