import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTable, type ReportRow } from './report-rows';

/** Writes bench-<timestamp>.json and .md, and latest.md, under `outDir`; returns the Markdown. */
export function writeReport(
  outDir: string,
  rows: readonly ReportRow[],
  details: Record<string, unknown>,
  notes: readonly string[],
): string {
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const markdown = reportMarkdown('Ragline bench', rows, notes);
  writeFileSync(join(outDir, `bench-${stamp}.md`), markdown);
  writeFileSync(join(outDir, 'latest.md'), markdown);
  writeFileSync(
    join(outDir, `bench-${stamp}.json`),
    JSON.stringify({ rows, details, notes }, null, 2) + '\n',
  );
  return markdown;
}

/** A report as Markdown: a dated title, the command that made it (if given), the table, notes. */
export function reportMarkdown(
  title: string,
  rows: readonly ReportRow[],
  notes: readonly string[],
  command?: string,
): string {
  return [
    `# ${title} ${new Date().toISOString()}`,
    '',
    ...(command ? [`\`${command}\``, ''] : []),
    renderTable(rows),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
