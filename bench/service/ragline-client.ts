/** The subset of Ragline's HTTP API the bench drives, over Node's fetch (undici, keep-alive). */
export interface Accepted {
  eventId: string;
  documentId: string;
  version: number;
}

export interface EventOutcome {
  status: string;
  chunksEmbedded: number;
  chunksReused: number;
  chunksDeleted: number;
}

export interface QueryHit {
  documentId: string;
  text: string;
}

export interface QueryRequest {
  query: string;
  topK?: number;
  mode?: 'hybrid' | 'dense' | 'sparse';
  filter?: { documentId?: string };
  consistency?: { afterEvents: string[]; timeoutMs: number };
  /** Read as these principals (allowed as a trusted caller: the bench runs with AUTH=off). */
  principals?: string[];
}

/** A document as the bench PUTs it; `acl.read` lists who may read it (absent: everyone). */
export interface DocumentBody {
  text: string;
  title?: string;
  acl?: { read: string[] };
}

export type Json = Record<string, unknown>;

function asObject(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null) throw new Error(`${what}: not an object`);
  return value as Json;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export class RaglineClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {}

  async put(documentId: string, body: DocumentBody): Promise<Accepted> {
    const json = await this.call('PUT', `/v1/documents/${encodeURIComponent(documentId)}`, body);
    return {
      eventId: String(json.eventId),
      documentId: String(json.documentId),
      version: num(json.version),
    };
  }

  async delete(documentId: string): Promise<Accepted> {
    const json = await this.call('DELETE', `/v1/documents/${encodeURIComponent(documentId)}`);
    return {
      eventId: String(json.eventId),
      documentId: String(json.documentId),
      version: num(json.version),
    };
  }

  async event(eventId: string): Promise<EventOutcome> {
    const json = await this.call('GET', `/v1/events/${encodeURIComponent(eventId)}`);
    return {
      status: String(json.status),
      chunksEmbedded: num(json.chunksEmbedded),
      chunksReused: num(json.chunksReused),
      chunksDeleted: num(json.chunksDeleted),
    };
  }

  async query(request: QueryRequest): Promise<QueryHit[]> {
    const json = await this.call('POST', '/v1/query', request);
    const results = Array.isArray(json.results) ? json.results : [];
    return results.map((raw: unknown) => {
      const hit = asObject(raw, 'query hit');
      return { documentId: String(hit.documentId), text: String(hit.text) };
    });
  }

  protected async call(method: string, path: string, body?: unknown): Promise<Json> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} -> ${response.status} ${text.slice(0, 300)}`);
    }
    return asObject(JSON.parse(text), `${method} ${path}`);
  }
}
