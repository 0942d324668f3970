import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FuzzRequest } from './fuzz-case';
import { describeRequest, type FuzzReport } from './fuzz-report';
import { IntakeCounters } from './redis-snapshot';
import { checkResponse, excerpt, type ObservedResponse, type Violation } from './response-oracle';

/** Where inject() cases go and where their outcomes are written. */
export interface InjectTarget {
  app: NestFastifyApplication;
  counters: IntakeCounters;
  markers: readonly RegExp[];
  report: FuzzReport;
  section: string;
  /** An answer slower than this is a violation (issue items 5 and 9: bounded answers). */
  timeBoundMs: number;
}

/** Long after the bound: the case is given up as held, so one stuck request cannot stall the run. */
const GIVE_UP_MS = 20_000;

const prototypeShape = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const cleanPrototype = prototypeShape();

/**
 * Sends one case through inject() and checks it: the response oracle, the time bound, nothing
 * enqueued or stored when the answer is an error, Object.prototype untouched, and for a body-less
 * request naming a content-type, the same status as without it.
 */
export async function runInjectCase(
  target: InjectTarget,
  request: FuzzRequest,
): Promise<ObservedResponse | undefined> {
  const before = await target.counters.read();
  const started = performance.now();
  const violations: Violation[] = [];
  const outcome = await withDeadline(
    target.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      payload: request.body,
    }),
  );
  const ms = Math.round(performance.now() - started);
  if (outcome === 'held') {
    target.report.recordCase(target.section, 'held');
    record(
      target,
      request,
      [{ check: 'held', detail: `no answer within ${GIVE_UP_MS} ms` }],
      '(none)',
    );
    return undefined;
  }
  if (outcome instanceof Error) {
    target.report.recordCase(target.section, 'inject-error');
    record(target, request, [{ check: 'inject-error', detail: outcome.message }], '(none)');
    return undefined;
  }
  const observed: ObservedResponse = {
    status: outcome.statusCode,
    headers: outcome.headers,
    body: outcome.body,
  };
  target.report.recordCase(target.section, String(observed.status), request.category, ms);
  if (ms > target.timeBoundMs)
    violations.push({ check: 'slow', detail: `${ms} ms (bound ${target.timeBoundMs} ms)` });
  const sent = `${request.url} ${JSON.stringify(request.headers)} ${String(request.body ?? '')}`;
  violations.push(
    ...checkResponse(
      { method: request.method, url: request.url, sent, expect: request.expect },
      observed,
      target.markers,
    ),
  );
  if (observed.status >= 400) {
    const grown = IntakeCounters.grown(before, await target.counters.read());
    if (grown.length > 0) violations.push({ check: 'stored-on-reject', detail: grown.join(', ') });
  }
  if (
    prototypeShape() !== cleanPrototype ||
    ({} as Record<string, unknown>).polluted !== undefined
  ) {
    violations.push({ check: 'prototype-polluted', detail: 'Object.prototype changed' });
  }
  if (request.twin) {
    const twin = await runInjectCase(target, request.twin);
    if (twin && twin.status !== observed.status) {
      violations.push({
        check: 'content-type-changes-answer',
        detail: `${observed.status} with content-type "${request.headers['content-type']}", ${twin.status} without`,
      });
    }
  }
  record(target, request, violations, `${observed.status} ${excerpt(observed.body, 300)}`);
  return observed;
}

function record(
  target: InjectTarget,
  request: FuzzRequest,
  violations: Violation[],
  response: string,
): void {
  if (violations.length === 0) return;
  const size =
    request.url.length + (request.body?.length ?? 0) + JSON.stringify(request.headers).length;
  const described = describeRequest(request.method, request.url, request.headers, request.body);
  for (const violation of violations) {
    target.report.addViolation(target.section, violation.check, request.category, {
      request: described,
      size,
      response,
      detail: violation.detail,
    });
  }
}

async function withDeadline<T>(promise: Promise<T>): Promise<T | Error | 'held'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'held'>((resolve) => {
    timer = setTimeout(() => resolve('held'), GIVE_UP_MS);
  });
  try {
    return await Promise.race([
      promise.catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
