import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-case';
import type { ObservedResponse } from './response-oracle';

/** One intake request of a sequence: small pools of documents, keys and bodies, so keys recur. */
export interface IdempotencyOp {
  method: 'PUT' | 'DELETE';
  doc: number;
  key: number;
  body: number;
}

export const idempotencyOpsArb = fc.array(
  fc.record({
    method: fc.constantFrom<'PUT' | 'DELETE'>('PUT', 'PUT', 'DELETE'),
    doc: fc.nat({ max: 2 }),
    key: fc.nat({ max: 1 }),
    body: fc.nat({ max: 1 }),
  }),
  { minLength: 2, maxLength: 10 },
);

interface Binding {
  method: string;
  documentId: string;
  body: string | undefined;
  eventId: string;
}

/**
 * What the issue (item 3) demands of `Idempotency-Key`: the same request again returns the first
 * `eventId`; the same route and document with another body is `422 IDEMPOTENCY_KEY_REUSED` naming
 * the document. Keys are scoped to route and document, so the key on another document or method
 * is a new request (`202`, a new event) or, read as a reuse, a `422`; never silently dropped.
 */
export class IdempotencyModel {
  private readonly bindings = new Map<string, Binding[]>();

  constructor(private readonly scope: string) {}

  request(op: IdempotencyOp): {
    request: FuzzRequest;
    check: (response: ObservedResponse) => string | undefined;
  } {
    const documentId = `${this.scope}-d${op.doc}`;
    const key = `${this.scope}-k${op.key}`;
    const body =
      op.method === 'PUT' ? JSON.stringify({ text: `idempotent body ${op.body}` }) : undefined;
    const bound = this.bindings.get(key) ?? [];
    const same = bound.find(
      (b) => b.method === op.method && b.documentId === documentId && b.body === body,
    );
    // The same route and document with another body: a different request under any reading.
    const changed =
      !same && bound.some((b) => b.method === op.method && b.documentId === documentId);
    const status = bound.length === 0 || same ? [202] : changed ? [422] : [202, 422];
    const request: FuzzRequest = {
      category:
        bound.length === 0
          ? 'idempotency.first'
          : same
            ? 'idempotency.replay'
            : changed
              ? 'idempotency.changed-body'
              : 'idempotency.other-document-or-method',
      method: op.method,
      url: `/v1/documents/${documentId}`,
      headers: {
        'idempotency-key': key,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body,
      expect: { status, code: ['IDEMPOTENCY_KEY_REUSED'] },
    };
    const check = (response: ObservedResponse): string | undefined => {
      if (response.status === 422) {
        const named = bound.some((b) => response.body.includes(b.documentId));
        return named ? undefined : 'the 422 names no document the key was first used for';
      }
      if (response.status !== 202) return undefined;
      const eventId = (JSON.parse(response.body) as { eventId?: unknown }).eventId;
      if (typeof eventId !== 'string') return 'no eventId';
      if (same)
        return eventId === same.eventId
          ? undefined
          : `replay got ${eventId}, first was ${same.eventId}`;
      const reused = bound.find((b) => b.eventId === eventId);
      if (reused)
        return `a different request got the first request's eventId (silently dropped): ${reused.method} ${reused.documentId}`;
      this.bindings.set(key, [...bound, { method: op.method, documentId, body, eventId }]);
      return undefined;
    };
    return { request, check };
  }
}
