import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ServiceProcess } from '../support/service-processes';
import { waitFor } from '../support/test-env';
import { isJsonLine } from './fault-stack';

/** One exchange on a connection of its own: a status, or the socket error's code when none came. */
export interface RawReply {
  /** performance.now() when the request was sent. */
  at: number;
  status?: number;
  /** ECONNREFUSED (nothing accepts connections), ECONNRESET (cut mid-request), … */
  code?: string;
  body: unknown;
}

/**
 * Sends one request on a fresh connection (no keep-alive pool, unlike fetch), so a refused
 * connection shows as ECONNREFUSED and a request cut by the server as ECONNRESET.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const at = performance.now();
    const url = new URL(path, baseUrl);
    const req = httpRequest(url, {
      method,
      agent: false,
      headers: {
        ...options.headers,
        ...(options.body ? { 'content-type': 'application/json' } : {}),
      },
      timeout: options.timeoutMs ?? 5000,
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ at, status: res.statusCode, body: parseJson(text) }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ at, code: error.code, body: undefined }),
      );
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ at, code: error.code ?? error.message, body: undefined }),
    );
    req.end(options.body);
  });
}

/**
 * A PUT whose headers and first bytes are sent now and the rest on `finish()`: a request that is
 * in flight, by construction, for as long as the test wants.
 */
export function holdRequest(
  baseUrl: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): { finish(): Promise<RawReply> } {
  const at = performance.now();
  const req = httpRequest(new URL(path, baseUrl), {
    method: 'PUT',
    agent: false,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    },
  });
  const reply = new Promise<RawReply>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ at, status: res.statusCode, body: parseJson(text) }));
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ at, code: error.code ?? error.message, body: undefined }),
    );
  });
  const split = Math.floor(body.length / 2);
  req.write(body.slice(0, split));
  return {
    finish: () => {
      req.end(body.slice(split));
      return reply;
    },
  };
}

/** Asks GET /ready over and over, each on a new connection, until stopped; keeps every answer. */
export function watchReadiness(baseUrl: string, paceMs = 25): { stop(): Promise<RawReply[]> } {
  const seen: RawReply[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      seen.push(await rawRequest(baseUrl, 'GET', '/ready', { timeoutMs: 2000 }));
      const rest = started + paceMs - performance.now();
      if (rest > 0 && running) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** Waits until new connections are refused (the server stopped accepting); returns when. */
export async function waitRefused(baseUrl: string, timeoutMs: number): Promise<number> {
  return waitFor(
    async () => {
      const reply = await rawRequest(baseUrl, 'GET', '/health', { timeoutMs: 1000 });
      return reply.code === 'ECONNREFUSED' ? reply.at : undefined;
    },
    timeoutMs,
    'the API to refuse new connections',
  );
}

/** How a process ended and how long after `since` (performance.now()). */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  afterMs: number;
}

/** Waits for the process to exit; undefined if it is still running after `timeoutMs`. */
export async function waitExit(
  service: ServiceProcess,
  since: number,
  timeoutMs: number,
): Promise<ProcessExit | undefined> {
  const { child } = service;
  const done = (): ProcessExit => ({
    code: child.exitCode,
    signal: child.signalCode,
    afterMs: performance.now() - since,
  });
  if (child.exitCode !== null || child.signalCode !== null) return done();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(done());
    });
  });
}

/** The `msg` of every JSON log line starting with `prefix`, in order. */
export function logMessages(output: string, prefix: string): string[] {
  return output
    .split('\n')
    .filter(isJsonLine)
    .map((line) => (JSON.parse(line) as { msg?: unknown }).msg)
    .filter((msg): msg is string => typeof msg === 'string' && msg.startsWith(prefix));
}

/** The parsed JSON log lines of `output` whose fields include `match`. */
export function logLinesWith(
  output: string,
  match: Record<string, unknown>,
): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter(isJsonLine)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => Object.entries(match).every(([key, value]) => line[key] === value));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
