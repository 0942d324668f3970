import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** rustc-dev-guide at its last exported commit (MIT OR Apache-2.0), see shared/datasets/README.md. */
export const DEFAULT_SOURCE = '/work/shared/datasets/docs-history/rustc-dev-guide/final.jsonl';

interface SourceFile {
  path: string;
  text: string;
}

function isSourceFile(value: unknown): value is SourceFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SourceFile).path === 'string' &&
    typeof (value as SourceFile).text === 'string'
  );
}

/**
 * Prose paragraphs of the source files, in file order. Headings, link lists and very short or
 * very long blocks are dropped so recombined documents read like prose with a steady chunk count.
 */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block.length >= 80 && block.length <= 900)
    .filter((block) => !block.startsWith('#') && !block.startsWith('[') && !block.startsWith('<'));
}

export function loadParagraphs(file = DEFAULT_SOURCE): string[] {
  const lines = readFileSync(join(file), 'utf8').split('\n');
  const paragraphs: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const parsed: unknown = JSON.parse(line);
    if (isSourceFile(parsed) && parsed.path.endsWith('.md')) {
      paragraphs.push(...splitParagraphs(parsed.text));
    }
  }
  return [...new Set(paragraphs)];
}
