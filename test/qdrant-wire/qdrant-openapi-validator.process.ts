/**
 * Child process of the wire test: a validating HTTP proxy in front of the test's scripted
 * replies. It runs in plain Node (not Jest) because openapi-backend loads an ESM-only ref parser,
 * which Node 20.19+ can require but Jest's CommonJS runtime cannot.
 *
 * Each request is matched and validated against Qdrant's OpenAPI document, handed to the test
 * (`POST {UPSTREAM}/__call`) for a reply, the reply is validated against the same operation, and
 * any violation is reported (`POST {UPSTREAM}/__violation`) before the client sees the answer.
 * Env: SPEC_PATH, UPSTREAM_URL. Sends `{ port }` over IPC once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, type Document } from 'openapi-backend';

interface Reply {
  status: number;
  body: unknown;
}

async function main(): Promise<void> {
  const specPath = required('SPEC_PATH');
  const upstream = required('UPSTREAM_URL');
  const api = new OpenAPIBackend({
    definition: loadQdrantSpec(specPath),
    quick: true,
    customizeAjv: (ajv) => {
      addFormats(ajv, ['uuid', 'date-time', 'uri']);
      for (const f of ['uint', 'uint8', 'uint16', 'uint32', 'uint64']) {
        ajv.addFormat(f, {
          type: 'number',
          validate: (n: number) => Number.isInteger(n) && n >= 0,
        });
      }
      for (const f of ['int64', 'float', 'double', 'partial-date-time']) ajv.addFormat(f, true);
      return ajv;
    },
  });
  await api.init();

  const errorsOf = (result: { errors?: unknown[] | null }): string[] =>
    (result.errors ?? []).map((e) => JSON.stringify(e));

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, body: { status: { error: String(error) }, time: 0 } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const raw = await readBody(req);
    const body: unknown = raw.length > 0 ? parseJson(raw) : undefined;
    if (url.pathname === '/__check') return send(res, { status: 200, body: check(body) });
    const method = (req.method ?? 'GET').toLowerCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const query = Object.fromEntries(url.searchParams.entries());
    const request = { method, path: url.pathname, query, headers, body };
    const operation = api.matchOperation(request);
    const operationId = operation?.operationId;
    const requestErrors =
      operation === undefined || operationId === undefined
        ? ['no such route in the OpenAPI document']
        : errorsOf(api.validateRequest(request, operation));
    const call = { operationId, method, path: url.pathname, query, body, requestErrors };
    const reply = await post<Reply>(`${upstream}/__call`, call);
    if (operation !== undefined && operationId !== undefined && requestErrors.length === 0) {
      const replyErrors = errorsOf(api.validateResponse(reply.body, operation, reply.status));
      if (replyErrors.length > 0) {
        await post(`${upstream}/__violation`, { ...call, side: 'response', errors: replyErrors });
      }
    }
    send(res, reply);
  }

  /** Self-test hook: validates a request or a reply without the client. */
  function check(input: unknown): string[] {
    const c = input as {
      kind: 'request' | 'reply';
      method: string;
      path: string;
      body: unknown;
      operationId: string;
      status: number;
    };
    if (c.kind === 'reply') return errorsOf(api.validateResponse(c.body, c.operationId, c.status));
    const headers = { 'content-type': 'application/json' };
    return errorsOf(api.validateRequest({ method: c.method, path: c.path, body: c.body, headers }));
  }

  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address !== null && typeof address !== 'string') process.send?.({ port: address.port });
  });
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

/** Reads the document and applies the `nullable` fix from shared/qdrant/VALIDATION.md. */
function loadQdrantSpec(specPath: string): Document {
  const parsed: unknown = fixNullable(JSON.parse(readFileSync(specPath, 'utf8')));
  if (!isOpenApiDocument(parsed)) throw new Error(`${specPath} is not an OpenAPI 3 document`);
  return parsed;
}

// Ajv rejects a bare `{nullable: true}` (no type); converters turn it into `{}`, which accepts
// anything. `{enum: [null]}` keeps the meaning: "or null".
function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node);
  const keys = new Set(entries.map(([k]) => k));
  const typed = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum'].some((k) => keys.has(k));
  if (!typed && 'nullable' in node && node.nullable === true) return { enum: [null] };
  return Object.fromEntries(entries.map(([k, v]) => [k, fixNullable(v)]));
}

function isOpenApiDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && 'openapi' in value && 'paths' in value;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function post<T>(url: string, payload: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as T;
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

void main();
