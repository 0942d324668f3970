import type { Sent, Tally } from './isolation-client';

/** The documented error shape: `{ error: { code, message, field?, details? } }`, nothing else. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/**
 * Assertions that name the route and key in their failure, and count as checks. Each compares
 * one object, so a failure shows the whole answer it disagreed with.
 */
export class Expectations {
  constructor(private readonly tally: Tally) {}

  /** A success with this status; returns the parsed body. */
  ok<T = unknown>(sent: Sent, status: number): T {
    this.tally.record(sent);
    expect(labelOf(sent)).toEqual({ ...labelOf(sent), status });
    return sent.json<T>();
  }

  /** An error in the documented shape, with this status and code (and message, field if given). */
  error(
    sent: Sent,
    status: number,
    code: string,
    message?: string | RegExp,
    field?: string,
  ): ErrorBody['error'] {
    this.tally.record(sent);
    const body = parse(sent);
    expect({ ...labelOf(sent), body }).toEqual({
      ...labelOf(sent),
      status,
      body: {
        error: {
          code,
          message: message === undefined ? expect.any(String) : expectText(message),
          ...(field === undefined ? {} : { field }),
          ...(field === undefined && hasField(body) ? { field: expect.any(String) } : {}),
        },
      },
    });
    expect(String(sent.headers['content-type'])).toMatch(/^application\/json/);
    return (body as ErrorBody).error;
  }

  /**
   * `sent` is answered exactly as `reference` (status, content type, body), once the name the
   * caller typed in each is swapped: another tenant's library is exactly a missing one.
   */
  same(sent: Sent, typed: string, reference: Sent, referenceTyped: string): void {
    this.tally.record(sent);
    const swapped =
      typed === referenceTyped ? sent.text : sent.text.replaceAll(typed, referenceTyped);
    expect({
      ...labelOf(sent),
      contentType: sent.headers['content-type'],
      body: swapped,
    }).toEqual({
      ...labelOf(sent),
      status: reference.status,
      contentType: reference.headers['content-type'],
      body: reference.text,
    });
  }
}

function labelOf(sent: Sent) {
  return { route: sent.route, key: sent.key, status: sent.status };
}

function parse(sent: Sent): unknown {
  try {
    return sent.json();
  } catch {
    return sent.text;
  }
}

function hasField(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: { field?: unknown } }).error?.field === 'string'
  );
}

function expectText(message: string | RegExp): unknown {
  return typeof message === 'string' ? message : expect.stringMatching(message);
}
