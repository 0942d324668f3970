import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from '../../support/test-env';
import type { TestApp } from '../../support/test-app';

/** The shared SciFact set (see /work/shared/datasets/README.md, section 1). */
const SCIFACT = join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'scifact');

export interface Corpus {
  documents: Array<{ id: string; title: string; text: string }>;
  /** Test queries whose relevant documents are all in `documents`. */
  evalSet: Array<{ query: string; relevant: string[] }>;
}

/**
 * A slice of SciFact: the documents judged relevant to the first `queries` test queries, plus
 * the corpus's first documents as distractors, up to `size` documents.
 */
export async function sciFactSlice(size: number, queries: number): Promise<Corpus> {
  const qrels = new Map<string, string[]>();
  for (const line of readFileSync(join(SCIFACT, 'qrels', 'test.tsv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [queryId, docId] = line.split('\t');
    if (!queryId || !docId) continue;
    qrels.set(queryId, [...(qrels.get(queryId) ?? []), docId]);
  }
  const chosen = [...qrels.keys()].slice(0, queries);
  const wanted = new Set(chosen.flatMap((id) => qrels.get(id) ?? []));
  const texts = new Map<string, string>();
  for (const line of readFileSync(join(SCIFACT, 'queries.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as { _id: string; text: string };
    if (chosen.includes(row._id)) texts.set(row._id, row.text);
  }
  const documents: Corpus['documents'] = [];
  const lines = createInterface({ input: createReadStream(join(SCIFACT, 'corpus.jsonl')) });
  for await (const line of lines) {
    const row = JSON.parse(line) as { _id: string; title: string; text: string };
    const relevant = wanted.has(row._id);
    if (relevant || documents.length < size - wanted.size) {
      documents.push({ id: row._id, title: row.title, text: row.text });
    }
  }
  return {
    documents,
    evalSet: chosen.map((id) => ({ query: texts.get(id) ?? '', relevant: qrels.get(id) ?? [] })),
  };
}

export interface RunView {
  id: string;
  status: string;
  from: { version: number; embedder: { key: string; dimensions: number } };
  target: { version: number; embedder: { key: string; dimensions: number } };
  counts: Record<'scanned' | 'indexed' | 'unchanged' | 'deleted' | 'failed' | 'embedded', number>;
  percent: number;
  errors: Array<{ documentId: string; message: string }>;
  comparison?: {
    method: string;
    notWorse?: boolean;
    live?: object;
    candidate?: object;
    overlapAt10?: number;
  };
  message?: string;
}

/** TestApp's request(), over real HTTP to a service process. */
export function httpRequester(baseUrl: string): Pick<TestApp, 'request'> {
  return {
    async request(method, url, payload, headers = {}) {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers:
          payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const body = await response.text();
      return {
        statusCode: response.status,
        body,
        headers: Object.fromEntries(response.headers),
        json: <T>() => JSON.parse(body) as T,
      };
    },
  };
}

/** Client helpers for one library of a test app (in process, or over HTTP). */
export function libraryClient(t: Pick<TestApp, 'request'>, library: string) {
  const base = `/v1/libraries/${library}`;
  return {
    async create(settings: Record<string, unknown> = {}) {
      const response = await t.request('POST', '/v1/libraries', { name: library, ...settings });
      expect(response.statusCode).toBe(201);
    },
    /** Sends every document and waits until each is applied. */
    async load(documents: Corpus['documents'], parallel = 16) {
      const events: string[] = [];
      const queue = [...documents];
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let doc = queue.shift(); doc; doc = queue.shift()) {
            events.push(await this.put(doc.id, { text: doc.text, title: doc.title }));
          }
        }),
      );
      for (const eventId of events) await this.waitEvent(eventId);
    },
    async put(id: string, body: Record<string, unknown>): Promise<string> {
      const response = await t.request('PUT', `${base}/documents/${encodeURIComponent(id)}`, body);
      expect(response.statusCode).toBe(202);
      return response.json<{ eventId: string }>().eventId;
    },
    async remove(id: string): Promise<string> {
      const response = await t.request('DELETE', `${base}/documents/${encodeURIComponent(id)}`);
      expect(response.statusCode).toBe(202);
      return response.json<{ eventId: string }>().eventId;
    },
    async waitEvent(eventId: string) {
      return waitFor(
        async () => {
          const response = await t.request('GET', `${base}/events/${eventId}`);
          const body = response.json<{ status: string }>();
          return ['completed', 'failed', 'superseded'].includes(body.status) ? body : undefined;
        },
        60_000,
        `event ${eventId}`,
      );
    },
    async query(query: string, topK = 10) {
      return t.request('POST', `${base}/query`, { query, topK });
    },
    async startReindex(body: Record<string, unknown>, headers: Record<string, string> = {}) {
      return t.request('POST', `${base}/reindex`, body, headers);
    },
    async run(id: string): Promise<RunView> {
      const response = await t.request('GET', `${base}/reindex/${id}`);
      expect(response.statusCode).toBe(200);
      return response.json<RunView>();
    },
    async waitRun(id: string, statuses: string[], timeoutMs = 120_000): Promise<RunView> {
      return waitFor(
        async () => {
          const run = await this.run(id);
          return statuses.includes(run.status) ? run : undefined;
        },
        timeoutMs,
        `reindex ${id} to reach ${statuses.join('|')}`,
      );
    },
    async decide(id: string, action: 'cancel' | 'swap' | 'rollback') {
      return t.request('POST', `${base}/reindex/${id}/${action}`);
    },
    async details() {
      const response = await t.request('GET', base);
      expect(response.statusCode).toBe(200);
      return response.json<{
        version: number;
        embedder: { key: string; dimensions: number };
        chunks: number;
        reindexing?: string;
      }>();
    },
  };
}
