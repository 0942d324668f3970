import type { Expectations } from './expectations';
import type { IsolationClient, NamedKey, Scope } from './isolation-client';
import { MISSING_LIBRARY } from './isolation-world';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Every route that acts on one library, as the suite calls it (`library` undefined: unscoped form). */
export interface LibraryRoute {
  method: Method;
  /** Any one of these lets a key in (`admin` includes them all). */
  scopes: Scope[];
  url(library: string | undefined, ids: { documentId: string; eventId: string }): string;
  body?: unknown;
  /** Whether it has an unscoped (`default` library) form. */
  unscoped: boolean;
}

const lib = (library: string | undefined, rest = '') =>
  library === undefined ? `/v1${rest}` : `/v1/libraries/${library}${rest}`;

export const LIBRARY_ROUTES: LibraryRoute[] = [
  // GET /v1/status is the unscoped view of a library (the `default` one).
  { method: 'GET', scopes: ['query', 'ingest'], unscoped: true, url: (l) => (l === undefined ? '/v1/status' : lib(l)) },
  { method: 'DELETE', scopes: ['admin'], unscoped: false, url: (l) => lib(l) },
  { method: 'PUT', scopes: ['ingest'], unscoped: true, url: (l, ids) => lib(l, `/documents/${ids.documentId}`), body: { text: 'An intruder was here.' } },
  { method: 'DELETE', scopes: ['ingest'], unscoped: true, url: (l, ids) => lib(l, `/documents/${ids.documentId}`) },
  { method: 'GET', scopes: ['query'], unscoped: true, url: (l, ids) => lib(l, `/documents/${ids.documentId}`) },
  { method: 'GET', scopes: ['query'], unscoped: true, url: (l) => lib(l, '/documents') },
  { method: 'GET', scopes: ['ingest', 'query'], unscoped: true, url: (l, ids) => lib(l, `/events/${ids.eventId}`) },
  { method: 'POST', scopes: ['query'], unscoped: true, url: (l) => lib(l, '/query'), body: { query: 'travel policy', topK: 20 } },
  { method: 'POST', scopes: ['query'], unscoped: true, url: (l) => lib(l, '/augment'), body: { query: 'travel policy', topK: 20 } },
]; // prettier-ignore

export interface Refusal {
  status: 403 | 404;
  code: 'FORBIDDEN' | 'LIBRARY_NOT_FOUND';
  message: string | RegExp;
  field: string;
}

/** The rules as a model: scope, then the key's library list, then the caller's tenant. */
export function expectedRefusal(
  key: NamedKey,
  route: Pick<LibraryRoute, 'scopes'>,
  library: string,
  ownLibraries: readonly string[],
): Refusal | undefined {
  const scopes = key.scopes;
  if (!route.scopes.some((scope) => scopes.includes('admin') || scopes.includes(scope))) {
    return {
      status: 403,
      code: 'FORBIDDEN',
      message: /^This API key lacks the .+ scope\.$/,
      field: 'authorization',
    };
  }
  if (key.libraries !== undefined && !key.libraries.includes(library)) {
    return {
      status: 403,
      code: 'FORBIDDEN',
      message: `This API key may not use library "${library}".`,
      field: 'library',
    };
  }
  if (!ownLibraries.includes(library)) {
    return {
      status: 404,
      code: 'LIBRARY_NOT_FOUND',
      message: `Library "${library}" does not exist.`,
      field: 'library',
    };
  }
  return undefined;
}

export interface MatrixInput {
  key: NamedKey;
  /** The caller tenant's libraries. */
  own: readonly string[];
  /** Libraries that exist in other tenants only (same names as own ones excluded). */
  foreign: readonly string[];
  ids: { documentId: string; eventId: string };
}

/**
 * For one key and every library route: another tenant's library is answered exactly as a missing
 * one; own libraries the key may not use are 403; the unscoped form answers exactly as
 * `/v1/libraries/default/...`. Only refusals are sent: nothing here changes data.
 */
export async function checkRefusals(
  client: IsolationClient,
  expectations: Expectations,
  input: MatrixInput,
): Promise<void> {
  const { key, own, foreign, ids } = input;
  for (const route of LIBRARY_ROUTES) {
    const send = (library: string | undefined) =>
      client.send(key, route.method, route.url(library, ids), route.body);
    const missing = await send(MISSING_LIBRARY);
    const refusal = expectedRefusal(key, route, MISSING_LIBRARY, own);
    if (!refusal) throw new Error('a missing library is always refused');
    expectations.error(missing, refusal.status, refusal.code, refusal.message, refusal.field);
    for (const library of foreign) {
      expectations.same(await send(library), library, missing, MISSING_LIBRARY);
    }
    for (const library of own) {
      const forbidden = expectedRefusal(key, route, library, own);
      if (!forbidden) continue;
      const { status, code, message, field } = forbidden;
      expectations.error(await send(library), status, code, message, field);
    }
    if (!route.unscoped) continue;
    const asDefault = expectedRefusal(key, route, 'default', own);
    if (!asDefault) continue; // the default tenant's own route: the data tests cover it
    const scoped = await send('default');
    expectations.error(
      scoped,
      asDefault.status,
      asDefault.code,
      asDefault.message,
      asDefault.field,
    );
    expectations.same(await send(undefined), 'default', scoped, 'default');
  }
}

/** A key without `admin` may neither manage keys nor create or delete libraries. */
export async function checkNonAdmin(
  client: IsolationClient,
  expectations: Expectations,
  key: NamedKey,
  someKeyId: string,
): Promise<void> {
  const scope = /^This API key lacks the "admin" scope\.$/;
  const attempts: Array<[Method, string, unknown?]> = [
    ['POST', '/v1/keys', { scopes: ['query'] }],
    ['GET', '/v1/keys'],
    ['DELETE', `/v1/keys/${someKeyId}`],
    ['POST', '/v1/libraries', { name: 'intruder-made' }],
    ['DELETE', '/v1/libraries/handbook'],
  ];
  for (const [method, url, body] of attempts) {
    expectations.error(
      await client.send(key, method, url, body),
      403,
      'FORBIDDEN',
      scope,
      'authorization',
    );
  }
}
