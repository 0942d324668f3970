import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  receivedAt: number;
}

/** What the fake sends back: a status, headers and a JSON body (or a raw string). */
export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A scripted reply: a fixed FakeReply, `'hang'` (never answer: timeouts), or a function of the
 * request and the reply the fake would have given (to corrupt a correct answer).
 */
export type ScriptedReply =
  FakeReply | 'hang' | ((request: RecordedRequest, normal: FakeReply) => FakeReply | 'hang');

export interface FakeCohereOptions {
  /** The only token accepted as `Authorization: Bearer <token>`; others get 401. */
  apiKey?: string;
  /** Vector size of the default embed answer. */
  dimensions?: number;
}

/**
 * A local HTTP server speaking Cohere's v2 wire format (`POST /v2/embed`; errors as
 * `{ id, message }`). By default it answers like Cohere; `enqueue` scripts the next replies for a
 * path (rate limits, outages, malformed bodies). Other paths (`/v2/rerank`, `/v2/chat`) answer only
 * what is enqueued for them, so later adapters can reuse this fake.
 */
export class FakeCohereServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<string, ScriptedReply[]>();
  private readonly server: Server;
  private readonly apiKey: string;
  private readonly dimensions: number;

  constructor(options: FakeCohereOptions = {}) {
    this.apiKey = options.apiKey ?? 'test-key';
    this.dimensions = options.dimensions ?? 1024;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Listens on 127.0.0.1 on a free port; returns the base URL to give the SDK. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Scripts the next replies to `path`, consumed one per request, in order. */
  enqueue(path: string, ...replies: ScriptedReply[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...replies]);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0],
      headers: req.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      receivedAt: Date.now(),
    };
    this.requests.push(request);
    const normal = this.normalReply(request);
    const script = this.scripts.get(request.path)?.shift();
    const reply = typeof script === 'function' ? script(request, normal) : (script ?? normal);
    if (reply === 'hang') return; // the socket stays open until the client gives up or close()
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(body);
  }

  private normalReply(request: RecordedRequest): FakeReply {
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
      return cohereError(401, 'invalid api token');
    }
    if (request.method !== 'POST' || request.path !== '/v2/embed') {
      return cohereError(404, `no fake route for ${request.method} ${request.path}`);
    }
    const texts = request.body.texts;
    if (!Array.isArray(texts) || texts.length > 96) {
      return cohereError(400, 'invalid request: texts must be an array of at most 96 strings');
    }
    const strings = texts.map(String);
    return {
      status: 200,
      body: {
        id: randomUUID(),
        embeddings: { float: strings.map((t) => fakeCohereVector(t, this.dimensions)) },
        texts: strings,
        meta: {
          api_version: { version: '2' },
          billed_units: { input_tokens: strings.join(' ').split(/\s+/).length },
        },
        response_type: 'embeddings_by_type',
      },
    };
  }
}

/** Cohere's error body: `{ id, message }` with the HTTP status. */
export function cohereError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): FakeReply {
  return { status, headers, body: { id: randomUUID(), message } };
}

/** The deterministic unit vector the fake returns for a text (tests compare against it). */
export function fakeCohereVector(text: string, dimensions: number): number[] {
  const seed = createHash('sha256').update(text).digest();
  const vector = Array.from(
    { length: dimensions },
    (_, i) => seed[i % 32] - 127.5 + i / dimensions,
  );
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}
