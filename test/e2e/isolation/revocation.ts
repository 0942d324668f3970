import type { Suite } from './data-checks';
import type { IsolationClient, NamedKey, Sent } from './isolation-client';
import { MISSING_LIBRARY } from './isolation-world';
import { Reader, expectedSeen } from './reads';

/** The bound: a revoked key is refused within one second, on every API process. */
export const REVOCATION_BOUND_MS = 1000;
/** How long to keep asking before giving up: well past the bound. */
const GIVE_UP_MS = 5000;

/**
 * Asks as `key` in a loop until the API refuses it, and returns the milliseconds from `since` to
 * the first refusal, with that refusal. Until then every answer must be the usual 200: a revoked
 * key goes from working to 401, nothing in between.
 */
export async function timeUntilRefused(
  client: IsolationClient,
  key: NamedKey,
  url: string,
  since: number,
): Promise<{ ms: number; refusal: Sent }> {
  for (;;) {
    const sent = await client.send(key, 'GET', url);
    const ms = performance.now() - since;
    if (sent.status === 401) return { ms, refusal: sent };
    expect({ key: key.label, url, status: sent.status }).toEqual({
      key: key.label,
      url,
      status: 200,
    });
    if (ms > GIVE_UP_MS) return { ms, refusal: sent };
    // A short pause between attempts keeps the loop from flooding the process it measures.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A key used on this app and on `remote` (a second API process on the same Redis): another
 * tenant's admin cannot revoke it; once its own admin does, both processes refuse it (401)
 * within the bound. Returns the two latencies.
 */
export async function checkRevocation(
  suite: Suite,
  remote: IsolationClient,
): Promise<{ here: number; there: number }> {
  const { client, expectations: exp, world, builder } = suite;
  const acme = world.tenants.acme;
  const key = await builder.key(acme.keys.admin, 'acme.to-revoke', { scopes: ['query'] });
  const names = [...acme.libraries].sort();
  expect(await suite.reader.libraries(key)).toEqual(names);
  const remoteReader = new Reader(remote, exp);
  expect(await remoteReader.libraries(key)).toEqual(names);
  expect(await remoteReader.query(key, 'handbook')).toEqual(expectedSeen(acme.docs.handbook, true));
  const missing = await remote.send(key, 'GET', `/v1/libraries/${MISSING_LIBRARY}`);
  exp.error(missing, 404, 'LIBRARY_NOT_FOUND', `Library "${MISSING_LIBRARY}" does not exist.`);
  exp.same(
    await remote.send(key, 'GET', '/v1/libraries/default'),
    'default',
    missing,
    MISSING_LIBRARY,
  );

  const url = `/v1/keys/${key.id}`;
  const foreign = await client.send(world.tenants.globex.keys.admin, 'DELETE', url);
  exp.error(foreign, 404, 'API_KEY_NOT_FOUND', `API key "${key.id}" does not exist.`, 'id');
  exp.ok(await client.send(key, 'GET', '/v1/libraries/handbook'), 200);
  exp.ok(await remote.send(key, 'GET', '/v1/libraries/handbook'), 200);

  const since = performance.now();
  const revoked = exp.ok(await client.send(acme.keys.admin, 'DELETE', url), 200);
  expect(revoked).toMatchObject({ id: key.id, tenant: 'acme', revokedAt: expect.any(String) });
  const [here, there] = await Promise.all([
    timeUntilRefused(client, key, '/v1/libraries/handbook', since),
    timeUntilRefused(remote, key, '/v1/libraries/handbook', since),
  ]);
  const notValid = 'The API key is not valid (unknown or revoked).';
  for (const { refusal } of [here, there]) {
    exp.error(refusal, 401, 'UNAUTHORIZED', notValid, 'authorization');
  }
  // Both figures appear in a failure, beside the verdict.
  const within = here.ms <= REVOCATION_BOUND_MS && there.ms <= REVOCATION_BOUND_MS;
  expect({ hereMs: Math.round(here.ms), thereMs: Math.round(there.ms), within }).toMatchObject({
    within: true,
  });
  for (const reach of [client, remote]) {
    const sent = await reach.send(key, 'POST', '/v1/libraries/handbook/query', { query: 'travel' });
    exp.error(sent, 401, 'UNAUTHORIZED', notValid, 'authorization');
  }
  return { here: here.ms, there: there.ms };
}
