import { LIBRARY_ROUTES } from './refusal-matrix';
import type { Suite } from './data-checks';
import type { Sent } from './isolation-client';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Every `/v1` route, once each, as a request a valid key could make. */
function everyRoute(eventId: string, keyId: string): Array<[Method, string, unknown?]> {
  const ids = { documentId: 'doc-1', eventId };
  const libraryRoutes = LIBRARY_ROUTES.flatMap((route) => [
    [route.method, route.url('handbook', ids), route.body] as [Method, string, unknown?],
    ...(route.unscoped
      ? [[route.method, route.url(undefined, ids), route.body] as [Method, string, unknown?]]
      : []),
  ]);
  return [
    ...libraryRoutes,
    ['GET', '/v1/libraries'],
    ['POST', '/v1/libraries', { name: 'made-without-key' }],
    ['GET', '/v1/keys'],
    ['POST', '/v1/keys', { scopes: ['admin'] }],
    ['DELETE', `/v1/keys/${keyId}`],
  ];
}

/**
 * No key, a malformed one, an unknown one, a known id with a wrong secret, a wrong root key:
 * 401 in the documented shape on every route. A wrong secret for an existing id is answered
 * exactly as an unknown id (no oracle for which key ids exist). Returns the WWW-Authenticate
 * values the 401s carried.
 */
export async function checkBadCredentials(
  suite: Suite,
  rootToken: string,
): Promise<{ refusals: number; challenges: Set<string> }> {
  const { client, expectations: exp, world } = suite;
  const acme = world.tenants.acme;
  const known = acme.keys.query.token;
  const flipped = known.slice(0, -1) + (known.endsWith('A') ? 'B' : 'A');
  const unknown = `rl_${'q'.repeat(12)}_${'A'.repeat(43)}`;
  const credentials: Array<{ label: string; authorization?: string }> = [
    { label: 'no key' },
    { label: 'bad:empty bearer', authorization: 'Bearer' },
    { label: 'bad:basic', authorization: `Basic ${Buffer.from('acme:secret').toString('base64')}` },
    { label: 'bad:not a key', authorization: 'Bearer not-a-ragline-key' },
    { label: 'bad:two tokens', authorization: `Bearer ${known} ${known}` },
    { label: 'bad:unknown id', authorization: `Bearer ${unknown}` },
    { label: 'bad:wrong secret', authorization: `Bearer ${flipped}` },
    { label: 'bad:wrong root key', authorization: `Bearer ${rootToken}x` },
  ];
  const challenges = new Set<string>();
  let refusals = 0;
  const routes = everyRoute(acme.docs.handbook['doc-1'].eventId, acme.keys.query.id ?? '');
  for (const [method, url, body] of routes) {
    const byLabel = new Map<string, Sent>();
    for (const credential of credentials) {
      const sent = await client.send(credential, method, url, body);
      exp.error(sent, 401, 'UNAUTHORIZED', undefined, 'authorization');
      const challenge = sent.headers['www-authenticate'];
      if (challenge !== undefined) challenges.add(String(challenge));
      byLabel.set(credential.label, sent);
      refusals += 1;
    }
    const unknownId = byLabel.get('bad:unknown id');
    const wrongSecret = byLabel.get('bad:wrong secret');
    if (unknownId && wrongSecret) exp.same(wrongSecret, '', unknownId, '');
  }
  return { refusals, challenges };
}
