import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportRow } from '../report/report-rows';
import { reportMarkdown } from '../report/report-writer';

/** The report as Markdown: the date, the command that made it, the table and its notes. */
export function writeReindexReport(
  file: string,
  command: string,
  rows: readonly ReportRow[],
  notes: readonly string[],
): string {
  const markdown = reportMarkdown('Ragline reindex bench', rows, notes, command);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  return markdown;
}
