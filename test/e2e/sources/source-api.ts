import type { TestApp } from '../../support/test-app';
import { waitFor } from '../../support/test-env';

/** An answer, parsed. */
export interface Answer<T = Record<string, unknown>> {
  statusCode: number;
  body: string;
  json: T;
}

export interface SyncCountsView {
  scanned: number;
  added: number;
  modified: number;
  deleted: number;
  renamed: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

/** A sync run as `GET …/syncs/:id` shows it (the fields the suites read). */
export interface SyncRunView {
  id: string;
  sourceId: string;
  trigger: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'needs-confirmation';
  mode?: 'diff' | 'scan';
  fromCommit?: string;
  toCommit?: string;
  counts: SyncCountsView;
  error?: string;
  failures: Array<{ path: string; reason: string }>;
  plan?: { upserts: number; deletes: number; known: number; samplePaths: Record<string, string[]> };
  coalescedInto?: string;
  startedAt?: number;
}

export interface SourceView extends Record<string, unknown> {
  id: string;
  hasWebhookSecret: boolean;
  lastSync?: SyncRunView;
}

/** A document as `GET …/documents` lists it. */
export interface DocumentView {
  id: string;
  status: string;
  version: number | null;
  chunks: number;
  contentHash: string | null;
  source: string | null;
}

export interface QueryHit {
  documentId: string;
  chunkIds: string[];
  text: string;
  metadata: Record<string, unknown>;
}

const FINAL = new Set(['completed', 'failed', 'needs-confirmation']);

/** The sources API (and the reads the suites check with), through the app's inject(). */
export class SourceApi {
  constructor(private readonly t: TestApp) {}

  async call<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<Answer<T>> {
    const response = await this.t.app.inject({
      method,
      url,
      ...(payload === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) }),
    });
    const json = (response.body === '' ? {} : JSON.parse(response.body)) as T;
    return { statusCode: response.statusCode, body: response.body, json };
  }

  /** Creates a library of its own for a test (201 expected). */
  async createLibrary(name: string): Promise<void> {
    const created = await this.call('POST', '/v1/libraries', { name });
    if (created.statusCode !== 201) throw new Error(`library ${name}: ${created.body}`);
  }

  createSource(library: string, body: Record<string, unknown>): Promise<Answer<SourceView>> {
    return this.call<SourceView>('POST', `/v1/libraries/${library}/sources`, body);
  }

  /** Creates a git source and returns it (throws unless 201). */
  async addSource(library: string, body: Record<string, unknown>): Promise<SourceView> {
    const created = await this.createSource(library, { kind: 'git', branch: 'main', ...body });
    if (created.statusCode !== 201)
      throw new Error(`source: ${created.statusCode} ${created.body}`);
    return created.json;
  }

  source(library: string, id: string): Promise<Answer<SourceView>> {
    return this.call<SourceView>('GET', `/v1/libraries/${library}/sources/${id}`);
  }

  patch(library: string, id: string, patch: Record<string, unknown>): Promise<Answer<SourceView>> {
    return this.call<SourceView>('PATCH', `/v1/libraries/${library}/sources/${id}`, patch);
  }

  /** `POST …/sources/:id/sync`: a sweep now. */
  async syncNow(library: string, id: string): Promise<SyncRunView> {
    const queued = await this.call<SyncRunView>(
      'POST',
      `/v1/libraries/${library}/sources/${id}/sync`,
    );
    if (queued.statusCode !== 202) throw new Error(`sync: ${queued.statusCode} ${queued.body}`);
    return queued.json;
  }

  run(library: string, id: string, runId: string): Promise<Answer<SyncRunView>> {
    return this.call<SyncRunView>('GET', `/v1/libraries/${library}/sources/${id}/syncs/${runId}`);
  }

  async runs(library: string, id: string): Promise<SyncRunView[]> {
    const answer = await this.call<{ syncs: SyncRunView[] }>(
      'GET',
      `/v1/libraries/${library}/sources/${id}/syncs?limit=200`,
    );
    return answer.json.syncs;
  }

  /**
   * Waits until the run is final; `onState` sees every state met on the way (for retries).
   * Returns the final state.
   */
  async waitRun(
    library: string,
    id: string,
    runId: string,
    timeoutMs = 60_000,
    onState?: (run: SyncRunView) => void,
  ): Promise<SyncRunView> {
    return waitFor(
      async () => {
        const answer = await this.run(library, id, runId);
        if (answer.statusCode !== 200) throw new Error(`sync ${runId}: ${answer.body}`);
        onState?.(answer.json);
        return FINAL.has(answer.json.status) ? answer.json : undefined;
      },
      timeoutMs,
      `sync ${runId} of ${id} to finish`,
    );
  }

  /** Waits until no document of the library waits to be indexed. */
  async waitIdle(library: string, timeoutMs = 60_000): Promise<LibraryDetail> {
    return waitFor(
      async () => {
        const detail = await this.library(library);
        const { queued = 0, indexing = 0 } = detail.documents;
        return detail.queue.pendingDocuments === 0 && queued === 0 && indexing === 0
          ? detail
          : undefined;
      },
      timeoutMs,
      `library ${library} to be idle`,
    );
  }

  async library(library: string): Promise<LibraryDetail> {
    const answer = await this.call<LibraryDetail>('GET', `/v1/libraries/${library}`);
    if (answer.statusCode !== 200) throw new Error(`library ${library}: ${answer.body}`);
    return answer.json;
  }

  /** Every document of `source` in the library (all pages). */
  async documents(library: string, source: string): Promise<Map<string, DocumentView>> {
    const found = new Map<string, DocumentView>();
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ source, limit: '1000' });
      if (cursor) query.set('cursor', cursor);
      const page: Answer<{ documents: DocumentView[]; nextCursor: string | null }> =
        await this.call('GET', `/v1/libraries/${library}/documents?${query.toString()}`);
      if (page.statusCode !== 200) throw new Error(`documents: ${page.body}`);
      for (const document of page.json.documents) found.set(document.id, document);
      cursor = page.json.nextCursor;
    } while (cursor);
    return found;
  }

  document(library: string, id: string): Promise<Answer<DocumentView>> {
    return this.call<DocumentView>(
      'GET',
      `/v1/libraries/${library}/documents/${encodeURIComponent(id)}`,
    );
  }

  /** Every chunk of one document: a dense query filtered to it returns all (up to 100). */
  async chunksOf(library: string, documentId: string): Promise<QueryHit[]> {
    const answer = await this.call<{ results: QueryHit[] }>(
      'POST',
      `/v1/libraries/${library}/query`,
      { query: 'document', topK: 100, mode: 'dense', filter: { documentId } },
    );
    if (answer.statusCode !== 200) throw new Error(`query: ${answer.body}`);
    return answer.json.results;
  }
}

export interface LibraryDetail {
  documents: Record<string, number>;
  chunks: number;
  queue: { pendingDocuments: number };
}
