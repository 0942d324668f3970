import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Judgements } from './retrieval-metrics';

export interface BeirDocument {
  id: string;
  title: string;
  text: string;
}

export interface BeirDataset {
  name: string;
  dir: string;
  corpus: BeirDocument[];
  /** Only the queries that the test qrels judge, in queries.jsonl order. */
  queries: { id: string; text: string }[];
  qrels: Map<string, Judgements>;
}

/** Loads a BEIR-format folder: corpus.jsonl, queries.jsonl, qrels/test.tsv (header, graded allowed). */
export async function loadBeirDataset(dir: string): Promise<BeirDataset> {
  const root = resolve(dir);
  const qrels = parseQrels(await readFile(join(root, 'qrels', 'test.tsv'), 'utf8'));
  const corpus: BeirDocument[] = [];
  for await (const row of jsonLines(join(root, 'corpus.jsonl'))) {
    corpus.push({
      id: field(row, '_id'),
      title: optionalField(row, 'title'),
      text: field(row, 'text'),
    });
  }
  const queries: { id: string; text: string }[] = [];
  for await (const row of jsonLines(join(root, 'queries.jsonl'))) {
    const id = field(row, '_id');
    // BEIR evaluates the queries the split judges; train queries share the file.
    if (qrels.has(id)) queries.push({ id, text: field(row, 'text') });
  }
  const missing = [...qrels.keys()].filter((id) => !queries.some((query) => query.id === id));
  if (missing.length > 0) {
    throw new Error(
      `${missing.length} judged queries are missing from queries.jsonl, e.g. ${missing[0]}`,
    );
  }
  return { name: basename(root), dir: root, corpus, queries, qrels };
}

/** `query-id<TAB>corpus-id<TAB>score` after one header line. */
export function parseQrels(tsv: string): Map<string, Judgements> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = tsv.split('\n').filter((line) => line.trim() !== '');
  for (const [index, line] of lines.slice(1).entries()) {
    const [queryId, documentId, score] = line.split('\t');
    const relevance = Number(score);
    if (!queryId || !documentId || !Number.isFinite(relevance)) {
      throw new Error(`qrels line ${index + 2} is not "query-id<TAB>corpus-id<TAB>score": ${line}`);
    }
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(documentId, relevance);
    qrels.set(queryId, judged);
  }
  // A query judged with no relevant document cannot be scored (trec_eval skips it too).
  for (const [queryId, judged] of qrels) {
    if (![...judged.values()].some((rel) => rel > 0)) qrels.delete(queryId);
  }
  return qrels;
}

async function* jsonLines(path: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${path}: a line is not a JSON object`);
    }
    yield parsed as Record<string, unknown>;
  }
}

function field(row: Record<string, unknown>, name: string): string {
  const value = row[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new Error(`expected a string "${name}" in ${JSON.stringify(row).slice(0, 120)}`);
}

function optionalField(row: Record<string, unknown>, name: string): string {
  return row[name] === undefined || row[name] === null ? '' : field(row, name);
}
