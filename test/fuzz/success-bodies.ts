import { DocumentStatus, EventStatus } from '@ragline/events';

/**
 * What the README promises a 2xx body holds, per route. Each check returns what is wrong, or
 * undefined; they look at shape and a few values, not at everything.
 */
type BodyCheck = (json: unknown) => string | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function record(json: unknown): Record<string, unknown> | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}

/** `202 {"eventId","documentId","status","version"}` for the document the URL names. */
export function acceptedBody(documentId: string): BodyCheck {
  return (json) => {
    const body = record(json);
    if (!body) return 'not a JSON object';
    if (typeof body.eventId !== 'string' || !UUID.test(body.eventId)) return 'eventId not a UUID';
    if (body.documentId !== documentId) return 'documentId is not the one in the URL';
    if (body.status !== EventStatus.Queued && body.status !== EventStatus.Superseded) {
      return `status ${String(body.status)} is neither queued nor superseded`;
    }
    if (typeof body.version !== 'number') return 'version is not a number';
    return undefined;
  };
}

const DOCUMENT_STATUSES: readonly unknown[] = Object.values(DocumentStatus);

export function documentBody(documentId: string): BodyCheck {
  return (json) => {
    const body = record(json);
    if (!body) return 'not a JSON object';
    if (body.id !== documentId) return 'id is not the one in the URL';
    if (!DOCUMENT_STATUSES.includes(body.status)) return `unknown status ${String(body.status)}`;
    return undefined;
  };
}

export const listBody: BodyCheck = (json) => {
  const body = record(json);
  if (!body || !Array.isArray(body.documents)) return 'no documents array';
  if (body.nextCursor !== null && typeof body.nextCursor !== 'string') return 'bad nextCursor';
  return undefined;
};

export const queryBody: BodyCheck = (json) => {
  const body = record(json);
  if (!body || !Array.isArray(body.results)) return 'no results array';
  if (typeof body.tookMs !== 'number') return 'tookMs is not a number';
  const bad = body.results.find((hit) => typeof record(hit)?.documentId !== 'string');
  return bad === undefined ? undefined : 'a result without documentId';
};

/** Like queryBody, and at least one result: the store holds a document with these words. */
export const nonEmptyQueryBody: BodyCheck = (json) => {
  const problem = queryBody(json);
  if (problem) return problem;
  return (record(json)?.results as unknown[]).length === 0 ? 'no results' : undefined;
};

export const augmentBody: BodyCheck = (json) => {
  const body = record(json);
  if (!body || typeof body.prompt !== 'string') return 'no prompt';
  if (!Array.isArray(body.contexts)) return 'no contexts array';
  return undefined;
};

export const statusBody: BodyCheck = (json) => {
  const body = record(json);
  if (!body || typeof body.library !== 'string') return 'no library';
  return record(body.documents) && record(body.queue) ? undefined : 'no documents or queue';
};

export function statusField(expected: string): BodyCheck {
  return (json) =>
    record(json)?.status === expected ? undefined : `status is not ${JSON.stringify(expected)}`;
}
