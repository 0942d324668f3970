import type { SearchMode } from './quality-args';

export interface QueryHit {
  documentId: string;
  chunkId: string;
  score: number;
}

export interface DocumentSummary {
  id: string;
  status: string;
  chunks: number;
  error?: string;
}

/** The few calls of Ragline's HTTP API the benchmark makes; every answer is shape-checked. */
export class RaglineClient {
  constructor(private readonly baseUrl: string) {}

  async putDocument(id: string, body: { text: string; title?: string }): Promise<string> {
    const answer = await this.call('PUT', `/v1/documents/${encodeURIComponent(id)}`, body, 202);
    return stringField(answer, 'eventId');
  }

  /** One page of the document listing. */
  async listDocuments(
    status: string,
    cursor?: string,
  ): Promise<{ documents: DocumentSummary[]; nextCursor: string | null }> {
    const params = new URLSearchParams({ status, limit: '1000' });
    if (cursor) params.set('cursor', cursor);
    const answer = await this.call('GET', `/v1/documents?${params}`, undefined, 200);
    const documents = arrayField(answer, 'documents').map((row) => ({
      id: stringField(row, 'id'),
      status: stringField(row, 'status'),
      chunks: numberField(row, 'chunks'),
      ...(isRecord(row) && typeof row.error === 'string' ? { error: row.error } : {}),
    }));
    const next = isRecord(answer) ? answer.nextCursor : null;
    return { documents, nextCursor: typeof next === 'string' ? next : null };
  }

  /** Every document with this status, paging through the listing. */
  async listAll(status: string): Promise<DocumentSummary[]> {
    const all: DocumentSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listDocuments(status, cursor);
      all.push(...page.documents);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  async query(query: string, topK: number, mode: SearchMode): Promise<QueryHit[]> {
    const answer = await this.call('POST', '/v1/query', { query, topK, mode }, 200);
    return arrayField(answer, 'results').map((hit) => ({
      documentId: stringField(hit, 'documentId'),
      chunkId: stringField(hit, 'chunkId'),
      score: numberField(hit, 'score'),
    }));
  }

  private async call(method: string, path: string, body: unknown, expected: number) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as unknown;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown, name: string): string {
  const field = isRecord(value) ? value[name] : undefined;
  if (typeof field !== 'string') throw new Error(`expected a string "${name}" in the answer`);
  return field;
}

function numberField(value: unknown, name: string): number {
  const field = isRecord(value) ? value[name] : undefined;
  if (typeof field !== 'number') throw new Error(`expected a number "${name}" in the answer`);
  return field;
}

function arrayField(value: unknown, name: string): unknown[] {
  const field = isRecord(value) ? value[name] : undefined;
  if (!Array.isArray(field)) throw new Error(`expected an array "${name}" in the answer`);
  return field;
}
