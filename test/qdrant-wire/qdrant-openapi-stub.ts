import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { transformFileSync } from '@swc/core';

/** One request the validating proxy received. */
export interface RecordedCall {
  operationId: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** A request or reply that the OpenAPI document does not allow. */
export interface Violation {
  side: 'request' | 'response';
  method: string;
  path: string;
  operationId?: string;
  errors: string[];
}

export interface Reply {
  status: number;
  body: unknown;
}
export type Responder = (call: RecordedCall) => Reply;

interface ProxiedCall extends RecordedCall {
  requestErrors: string[];
}

const REPO_ROOT = join(__dirname, '..', '..');
const VALIDATOR = join(__dirname, 'qdrant-openapi-validator.process.ts');

/**
 * Stands in for Qdrant only on the wire. A child process (qdrant-openapi-validator.process.ts)
 * validates every request and reply against Qdrant's OpenAPI document; this side scripts the
 * replies and records calls and violations. It keeps no Qdrant state: tests script each answer.
 */
export class QdrantOpenApiStub {
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  private readonly onceReplies = new Map<string, Responder[]>();
  private readonly defaults = new Map<string, Responder>();
  private port = 0;
  private child?: ChildProcess;
  private readonly upstream: Server;

  private constructor() {
    this.upstream = createServer((req, res) => void this.answer(req, res));
  }

  /** Starts the reply server and the validating proxy for the document at `specPath`. */
  static async start(specPath: string): Promise<QdrantOpenApiStub> {
    const stub = new QdrantOpenApiStub();
    await new Promise<void>((resolve) => stub.upstream.listen(0, '127.0.0.1', resolve));
    const address = stub.upstream.address();
    if (address === null || typeof address === 'string') throw new Error('upstream not listening');
    // Compiled here, run by plain Node: see the header of the validator for why.
    const { code } = transformFileSync(VALIDATOR, {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    const child = spawn(process.execPath, ['-e', code], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SPEC_PATH: specPath,
        UPSTREAM_URL: `http://127.0.0.1:${address.port}`,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    stub.child = child;
    stub.port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (exitCode) => reject(new Error(`validator exited with ${exitCode}`)));
    });
    return stub;
  }

  /** Base URL to give the Qdrant client. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every call of `operationId` gets this reply unless a one-shot reply is queued. */
  on(operationId: string, responder: Responder): this {
    this.defaults.set(operationId, responder);
    return this;
  }

  /** The next call of `operationId` gets this reply (FIFO). */
  once(operationId: string, responder: Responder): this {
    const queue = this.onceReplies.get(operationId) ?? [];
    queue.push(responder);
    this.onceReplies.set(operationId, queue);
    return this;
  }

  /** Forgets calls, violations and one-shot replies (defaults stay). */
  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.onceReplies.clear();
  }

  callsOf(operationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.operationId === operationId);
  }

  /** Validator self-test: errors for a request body on a route. */
  check(method: string, path: string, body: unknown): Promise<string[]> {
    return this.ask({ kind: 'request', method, path, body });
  }

  /** Validator self-test: errors for a reply body of an operation. */
  checkReply(operationId: string, status: number, body: unknown): Promise<string[]> {
    return this.ask({ kind: 'reply', operationId, status, body });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    }
    await new Promise<void>((resolve) => this.upstream.close(() => resolve()));
  }

  private async ask(payload: object): Promise<string[]> {
    const response = await fetch(`${this.url}/__check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return (await response.json()) as string[];
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ProxiedCall & {
      side?: 'response';
      errors?: string[];
    };
    const { requestErrors, ...call } = payload;
    if (req.url === '/__violation') {
      this.violations.push({ ...call, side: 'response', errors: payload.errors ?? [] });
      return reply(res, { status: 200, body: {} });
    }
    if (requestErrors.length > 0) {
      this.violations.push({ ...call, side: 'request', errors: requestErrors });
      return reply(res, { status: 400, body: errorBody(`invalid: ${requestErrors.join('; ')}`) });
    }
    this.calls.push(call);
    const responder =
      this.onceReplies.get(call.operationId)?.shift() ?? this.defaults.get(call.operationId);
    reply(
      res,
      responder?.(call) ?? { status: 500, body: errorBody(`no reply for ${call.operationId}`) },
    );
  }
}

/** Qdrant's error body (ErrorResponse). */
export function errorBody(message: string): unknown {
  return { status: { error: message }, time: 0.0001 };
}

function reply(res: ServerResponse, answer: Reply): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer));
}
