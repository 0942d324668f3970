/**
 * What one generated request is and what the issue (#12) and the README demand of its answer.
 * The generic oracle (response-oracle.ts) applies to every answer; an Expectation adds what this
 * particular request must get.
 */

/** Stands for the route's success status (202 for intake, 200 for reads) in a Problem. */
export const OK = 0;

/** What one part of a request (its id, body, content type, a header) does to the answer. */
export interface Problem {
  /** Statuses this part allows; OK means the part is acceptable as it is. */
  status: readonly number[];
  /** Error codes allowed for the non-OK statuses. */
  code?: readonly string[];
  /** The `field` the error must name. */
  field?: string | RegExp;
  /** What the error message must say (e.g. the received type, the accepted media type). */
  message?: RegExp;
}

export interface Expectation {
  status: readonly number[];
  code?: readonly string[];
  field?: string | RegExp;
  message?: RegExp;
  /** Checks a 2xx JSON body; returns what is wrong with it, or undefined. */
  body?: (json: unknown) => string | undefined;
}

/** One request for Fastify's inject(), as generated. */
export interface FuzzRequest {
  /** Where the case comes from, e.g. `put.wrong-type`: groups the violations in the report. */
  category: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  expect?: Expectation;
  /**
   * The same request without its content-type header: a body-less request must get the same
   * answer whatever content-type it names (issue item 2).
   */
  twin?: FuzzRequest;
}

/**
 * The expectation for a request built from parts. No problem: the success status. One: what it
 * says. Several: the server may report any of them first, so only the statuses are checked, and
 * success only if every part allows it.
 */
export function expectationOf(
  success: number,
  problems: ReadonlyArray<Problem | undefined>,
  body?: Expectation['body'],
): Expectation {
  const present = problems.filter((problem): problem is Problem => problem !== undefined);
  const resolve = (statuses: readonly number[]) =>
    statuses.map((status) => (status === OK ? success : status));
  if (present.length === 0) return { status: [success], body };
  if (present.length === 1) {
    const [only] = present;
    return {
      status: resolve(only.status),
      code: only.code,
      field: only.field,
      message: only.message,
      body: only.status.includes(OK) ? body : undefined,
    };
  }
  const allowOk = present.every((problem) => problem.status.includes(OK));
  const statuses = new Set(present.flatMap((problem) => problem.status.filter((s) => s !== OK)));
  if (allowOk) statuses.add(success);
  return { status: [...statuses], body: allowOk ? body : undefined };
}

/** A request part that is wrong in one named field, with a 400 VALIDATION_FAILED. */
export function invalid(field: string | RegExp, message?: RegExp): Problem {
  return { status: [400], code: ['VALIDATION_FAILED'], field, message };
}

/** A generated part: its text for the request and what it does to the answer. */
export interface Part<T = string> {
  value: T;
  problem?: Problem;
}
