/** One line of the report: a figure, the target it is held to (if any), and PASS/MISS. */
export interface ReportRow {
  section: string;
  metric: string;
  value: string;
  target?: string;
  status?: 'PASS' | 'MISS' | 'n/a';
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function verdict(ok: boolean | undefined): 'PASS' | 'MISS' | 'n/a' {
  return ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS';
}

/** The rows as a Markdown table (also printed to the console: it reads fine as text). */
export function renderTable(rows: readonly ReportRow[]): string {
  const header = ['section', 'metric', 'measured', 'target', 'result'];
  const cells = rows.map((row) => [
    row.section,
    row.metric,
    row.value,
    row.target ?? '',
    row.status ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}

/** `extra` placed right after the last row of `section` (at the end if there is none). */
export function insertAfterSection(
  rows: ReportRow[],
  section: string,
  extra: readonly ReportRow[],
): void {
  const last = rows.map((row) => row.section).lastIndexOf(section);
  rows.splice(last < 0 ? rows.length : last + 1, 0, ...extra);
}
