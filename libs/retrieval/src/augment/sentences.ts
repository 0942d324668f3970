/** ICU sentence boundaries (Node ships full ICU): handles "e.g.", decimals, and non-Latin scripts. */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export function splitSentences(text: string): string[] {
  return [...segmenter.segment(text)].map((segment) => segment.segment);
}

/**
 * The longest run of whole leading sentences of `text` for which `fits` holds, trimmed; empty
 * when not even the first sentence fits. Never cuts a sentence.
 */
export function leadingSentencesThatFit(
  text: string,
  fits: (candidate: string) => boolean,
): string {
  let accepted = '';
  let candidate = '';
  for (const sentence of splitSentences(text)) {
    candidate += sentence;
    if (!fits(candidate.trim())) break;
    accepted = candidate;
  }
  return accepted.trim();
}
