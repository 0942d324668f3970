import { ErrorCode } from '@ragline/errors';
import { ERROR_STATUS } from '../../apps/api/src/http/error-status';
import type { Expectation } from './fuzz-case';

/** An answer as seen on the wire or through inject(). */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** What the oracle needs of the request: its method, target, and everything the client sent. */
export interface RequestSummary {
  method: string;
  url: string;
  /** The request as text: a message may echo what the client sent, never what it did not. */
  sent: string;
  expect?: Expectation;
}

export interface Violation {
  check: string;
  detail: string;
}

/** Codes a client may see: the catalogue, and the one the issue adds (item 3). */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode),
  'IDEMPOTENCY_KEY_REUSED',
]);

/** What must never reach a client: framework codes, the store's name, stack traces, file paths. */
export function internalMarkers(extra: readonly string[] = []): RegExp[] {
  const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return [
    /FST_ERR/,
    /lancedb|lance error/i,
    /\bError:/,
    /^\s+at /m,
    /node_modules/,
    /\.(?:ts|js|mjs|cjs):\d+/,
    /\bECONN(?:REFUSED|RESET)\b/,
    /ioredis|ReplyError|bullmq/i,
    literal(process.cwd()),
    ...extra.filter((text) => text.length > 0).map(literal),
  ];
}

const ERROR_KEYS = new Set(['code', 'message', 'field', 'details']);

/** Routes whose 2xx answer is not JSON: the page, its assets, the favicon. */
function answersJson(method: string, url: string): boolean {
  const path = url.split('?')[0];
  return (
    method !== 'HEAD' && path !== '/' && !path.startsWith('/assets/') && path !== '/favicon.ico'
  );
}

function header(response: ObservedResponse, name: string): string | undefined {
  const value = response.headers[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/**
 * Every answer: no 5xx (but a 503 from /ready), every error `{"error":{"code","message","field"?}}`
 * as application/json with a known code whose status is the one sent, no internals in it, a
 * `Retry-After` on 503 and 429, JSON for 2xx where the route answers JSON; then what the case
 * itself expects.
 */
export function checkResponse(
  request: RequestSummary,
  response: ObservedResponse,
  markers: readonly RegExp[],
): Violation[] {
  const problems: Violation[] = [];
  const fail = (check: string, detail: string) => problems.push({ check, detail });
  const path = request.url.split('?')[0];
  const { status } = response;
  if (status >= 500 && !(status === 503 && path === '/ready')) fail('5xx', `status ${status}`);
  if ((status === 503 || status === 429) && header(response, 'retry-after') === undefined) {
    fail('retry-after', `${status} without Retry-After`);
  }
  const type = header(response, 'content-type') ?? '';
  if (status >= 300) {
    if (!/^application\/json\b/i.test(type)) fail('error-content-type', `content-type "${type}"`);
    if (request.method !== 'HEAD') checkErrorBody(request, response, markers, fail);
  } else if (status >= 200 && answersJson(request.method, request.url) && status !== 204) {
    if (!/^application\/json\b/i.test(type)) fail('2xx-content-type', `content-type "${type}"`);
    const json = parseJson(response.body);
    if (json === undefined) fail('2xx-not-json', 'body is not JSON');
    else {
      const wrong = request.expect?.body?.(json.value);
      if (wrong && request.expect?.status.includes(status)) fail('unexpected-body', wrong);
    }
  }
  checkExpectation(request.expect, response, fail);
  return problems;
}

function checkErrorBody(
  request: RequestSummary,
  response: ObservedResponse,
  markers: readonly RegExp[],
  fail: (check: string, detail: string) => void,
): void {
  const json = parseJson(response.body);
  const error =
    json && typeof json.value === 'object' && json.value !== null
      ? (json.value as Record<string, unknown>).error
      : undefined;
  if (
    !json ||
    typeof json.value !== 'object' ||
    json.value === null ||
    Array.isArray(json.value) ||
    Object.keys(json.value).join() !== 'error' ||
    typeof error !== 'object' ||
    error === null
  ) {
    fail('error-shape', `body ${excerpt(response.body)}`);
    return;
  }
  const { code, message, field, details } = error as Record<string, unknown>;
  const extra = Object.keys(error).filter((key) => !ERROR_KEYS.has(key));
  if (extra.length > 0) fail('error-shape', `unexpected keys ${extra.join(', ')}`);
  if (typeof code !== 'string' || !KNOWN_CODES.has(code))
    fail('error-code', `code ${JSON.stringify(code)}`);
  else if (code in ERROR_STATUS && ERROR_STATUS[code as ErrorCode] !== response.status) {
    fail(
      'code-status-mismatch',
      `${code} sent with ${response.status}, mapped to ${ERROR_STATUS[code as ErrorCode]}`,
    );
  }
  if (typeof message !== 'string' || message.trim() === '')
    fail('error-message', 'empty or missing message');
  if (field !== undefined && typeof field !== 'string')
    fail('error-shape', 'field is not a string');
  if (details !== undefined && (typeof details !== 'object' || details === null))
    fail('error-shape', 'details is not an object');
  const leaked = markers.find((marker) => marker.test(response.body) && !marker.test(request.sent));
  if (leaked) fail('internal-leak', `${String(leaked)} in ${excerpt(response.body)}`);
}

function checkExpectation(
  expect: Expectation | undefined,
  response: ObservedResponse,
  fail: (check: string, detail: string) => void,
): void {
  if (!expect) return;
  if (!expect.status.includes(response.status)) {
    fail(
      'unexpected-status',
      `expected ${expect.status.join('|')}, got ${response.status} ${excerpt(response.body)}`,
    );
    return;
  }
  if (response.status < 400) return;
  const error = (parseJson(response.body)?.value as { error?: Record<string, unknown> } | undefined)
    ?.error;
  if (!error) return;
  if (expect.code && !expect.code.includes(String(error.code))) {
    fail('unexpected-code', `expected ${expect.code.join('|')}, got ${String(error.code)}`);
  }
  if (expect.field !== undefined) {
    const field = typeof error.field === 'string' ? error.field : undefined;
    const ok =
      field !== undefined &&
      (typeof expect.field === 'string' ? field === expect.field : expect.field.test(field));
    if (!ok)
      fail('unexpected-field', `expected field ${String(expect.field)}, got ${String(field)}`);
  }
  if (expect.message && !expect.message.test(String(error.message))) {
    fail(
      'unexpected-message',
      `message ${JSON.stringify(error.message)} does not match ${String(expect.message)}`,
    );
  }
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** A short, printable piece of a body for the report. */
export function excerpt(text: string, max = 240): string {
  const flat = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return flat;
}
