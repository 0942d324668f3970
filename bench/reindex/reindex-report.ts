import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderTable, type ReportRow } from '../report/report-rows';

/** The report as Markdown: the date, the command that made it, the table and its notes. */
export function writeReindexReport(
  file: string,
  command: string,
  rows: readonly ReportRow[],
  notes: readonly string[],
): string {
  const markdown = [
    `# Ragline reindex bench ${new Date().toISOString()}`,
    '',
    `\`${command}\``,
    '',
    renderTable(rows),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  return markdown;
}
