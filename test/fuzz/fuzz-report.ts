/**
 * Collects every case's outcome: a status histogram for the closing summary line, and each
 * violation grouped by check and case category, keeping the smallest request that shows it, so
 * one run lists every failing category rather than stopping at the first.
 */
export interface Example {
  /** The request as a reader would retype it (method, URL, headers, body excerpt). */
  request: string;
  /** Its size, to keep the smallest example. */
  size: number;
  response: string;
  detail: string;
}

interface Group {
  section: string;
  check: string;
  category: string;
  count: number;
  example: Example;
}

export class FuzzReport {
  private readonly histogram = new Map<string, number>();
  private readonly groups = new Map<string, Group>();
  private readonly counts = new Map<string, number>();
  private readonly timings = new Map<string, { n: number; ms: number }>();

  /** One request sent and answered (`outcome` is the status, or `closed`/`reset`/`held`). */
  recordCase(section: string, outcome: string, category?: string, ms?: number): void {
    this.histogram.set(outcome, (this.histogram.get(outcome) ?? 0) + 1);
    this.counts.set(section, (this.counts.get(section) ?? 0) + 1);
    if (category !== undefined && ms !== undefined) {
      const timing = this.timings.get(category) ?? { n: 0, ms: 0 };
      this.timings.set(category, { n: timing.n + 1, ms: timing.ms + ms });
    }
  }

  /** The categories that cost the most time in all, for keeping the run inside its budget. */
  costliest(n = 8): string {
    const rows = [...this.timings.entries()].sort(([, a], [, b]) => b.ms - a.ms).slice(0, n);
    const total = [...this.timings.values()].reduce((sum, t) => sum + t.ms, 0);
    return `fuzz: ${Math.round(total)} ms answering; costliest categories (total ms / cases): ${rows.map(([category, t]) => `${category} ${Math.round(t.ms)}/${t.n}`).join(', ')}`;
  }

  addViolation(section: string, check: string, category: string, example: Example): void {
    const key = `${section}|${check}|${category}`;
    const group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, { section, check, category, count: 1, example });
      return;
    }
    group.count++;
    if (example.size < group.example.size) group.example = example;
  }

  cases(section?: string): number {
    if (section !== undefined) return this.counts.get(section) ?? 0;
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  /** `fuzz: 5123 cases; 200:1200 202:900 400:2500 …`, statuses in order, then the other outcomes. */
  summaryLine(): string {
    const entries = [...this.histogram.entries()].sort(([a], [b]) => {
      const [na, nb] = [Number(a), Number(b)];
      if (Number.isNaN(na) || Number.isNaN(nb)) return Number.isNaN(na) ? 1 : -1;
      return na - nb;
    });
    return `fuzz: ${this.cases()} cases; ${entries.map(([status, n]) => `${status}:${n}`).join(' ')}`;
  }

  violationCount(section: string): number {
    return [...this.groups.values()].filter((group) => group.section === section).length;
  }

  /** Every failing category of a section, with its smallest reproducing request. */
  failures(section: string): string {
    const groups = [...this.groups.values()]
      .filter((group) => group.section === section)
      .sort((a, b) => a.check.localeCompare(b.check) || a.category.localeCompare(b.category));
    return groups
      .map(
        (group) =>
          `- ${group.check} @ ${group.category} (${group.count} cases): ${group.example.detail}\n` +
          `    request:  ${group.example.request}\n    response: ${group.example.response}`,
      )
      .join('\n');
  }
}

/** A request in one line: method, URL, headers, and its body (shortened, bytes shown as hex). */
export function describeRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): string {
  const shown = (text: string) =>
    text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
  const headerText = Object.entries(headers)
    .map(([name, value]) => `${name}: ${shown(value)}`)
    .join(' | ');
  let bodyText = '(no body)';
  if (typeof body === 'string') bodyText = JSON.stringify(shown(body));
  else if (body !== undefined) {
    const utf8 = body.toString('utf8');
    bodyText = utf8.includes('\ufffd')
      ? `hex ${shown(body.toString('hex'))} (utf8 ~ ${JSON.stringify(shown(utf8))})`
      : JSON.stringify(shown(utf8));
  }
  return `${method} ${shown(url)} [${headerText}] ${bodyText}`;
}
