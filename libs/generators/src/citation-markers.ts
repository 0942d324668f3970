import type { AnswerCitation } from './generator.port';

/** `[2]`, `[1, 3]`, `[1][2]` (each bracket matched on its own). */
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/**
 * The `[n]` markers of an answer as citations of contexts 1..contextCount; numbers outside that
 * range (a model inventing sources, or a literal `[2024]`) are dropped.
 */
export function parseCitationMarkers(answer: string, contextCount: number): AnswerCitation[] {
  const citations: AnswerCitation[] = [];
  for (const match of answer.matchAll(MARKER)) {
    const start = match.index;
    const end = start + match[0].length;
    for (const part of match[1].split(',')) {
      const n = Number(part.trim());
      if (n >= 1 && n <= contextCount) citations.push({ n, start, end, text: match[0] });
    }
  }
  return citations;
}
