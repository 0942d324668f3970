import { countTokens } from '../token-counter';

/** Between a heading path's parts: "Guide > Tracing > Filters". */
export const CONTEXT_SEPARATOR = ' > ';
const ELLIPSIS = '…';

/**
 * The context a section's chunks carry: its heading path joined with " > ", `undefined` when the
 * path is empty. A context may take at most a quarter of the chunk budget, so that a heading path
 * never crowds out the text it introduces: a longer one keeps its start (the document's outer
 * headings) and ends with "…" (none at all when not one character of it fits). The cut is at a code point found by binary search on the token
 * count, so the same path always gives the same context.
 */
export function chunkContext(
  headingPath: readonly string[],
  chunkSizeTokens: number,
): string | undefined {
  const full = headingPath.join(CONTEXT_SEPARATOR);
  if (full === '') return undefined;
  const maxTokens = Math.floor(chunkSizeTokens / 4);
  if (countTokens(full) <= maxTokens) return full;
  const chars = Array.from(full);
  const fits = (length: number): boolean => countTokens(truncated(chars, length)) <= maxTokens;
  let low = 0; // the longest prefix known to fit (0: the ellipsis alone)
  let high = chars.length - 1;
  if (!fits(low)) return undefined;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  const context = truncated(chars, low);
  // An ellipsis alone says nothing about where the text sits.
  return context === ELLIPSIS ? undefined : context;
}

function truncated(chars: readonly string[], length: number): string {
  // A cut inside " > " leaves no dangling separator.
  const prefix = chars
    .slice(0, length)
    .join('')
    .replace(/[\s>]+$/, '');
  return `${prefix}${ELLIPSIS}`;
}
