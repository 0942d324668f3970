import { waitFor } from '../../support/test-env';
import type { Suite } from './data-checks';
import { REVOCATION_BOUND_MS, timeUntilRefused } from './revocation';
import { expectedDocuments, expectedSeen } from './reads';

interface KeyListing {
  keys: Array<{ id: string; libraries?: string[]; revokedAt?: string }>;
}

/**
 * Acme deletes its `handbook`: 202 at once, the name stays taken (409) until the deletion is
 * done (GET turns 404), then it is free and the new library is empty. Keys restricted to it
 * alone end revoked (401), a key of handbook and wiki keeps wiki only. Globex's `handbook`, its
 * keys and the default tenant are untouched.
 */
export async function checkLibraryDeletion(suite: Suite): Promise<void> {
  const { client, expectations: exp, reader, world } = suite;
  const { acme, globex } = world.tenants;
  const { admin, handbookOnly, handbookAdmin, handbookWiki } = acme.keys;
  const onlyHandbook = [handbookOnly, handbookAdmin];
  for (const key of [...onlyHandbook, handbookWiki]) {
    exp.ok(await client.send(key, 'GET', '/v1/libraries/handbook'), 200);
  }

  const accepted = exp.ok(await client.send(admin, 'DELETE', '/v1/libraries/handbook'), 202);
  expect(accepted).toEqual({ name: 'handbook', tenant: 'acme', status: 'deleting' });
  const early = await client.send(admin, 'POST', '/v1/libraries', { name: 'handbook' });
  exp.error(early, 409, 'LIBRARY_DELETING', undefined, 'library');
  await waitFor(
    async () => {
      const sent = await client.send(admin, 'GET', '/v1/libraries/handbook');
      if (sent.status === 404) {
        exp.error(sent, 404, 'LIBRARY_NOT_FOUND', 'Library "handbook" does not exist.', 'library');
        return true;
      }
      expect(exp.ok(sent, 200)).toMatchObject({ name: 'handbook', status: 'deleting' });
      return undefined;
    },
    20_000,
    "acme's handbook to be deleted",
  );
  const gone = performance.now();
  const refusals = await Promise.all(
    onlyHandbook.map((key) => timeUntilRefused(client, key, '/v1/libraries', gone)),
  );
  for (const { ms, refusal } of refusals) {
    exp.error(refusal, 401, 'UNAUTHORIZED', undefined, 'authorization');
    expect({
      key: refusal.key,
      ms: Math.round(ms),
      within: ms <= REVOCATION_BOUND_MS,
    }).toMatchObject({
      within: true,
    });
  }

  const recreated = exp.ok(
    await client.send(admin, 'POST', '/v1/libraries', { name: 'handbook' }),
    201,
  );
  expect(recreated).toMatchObject({
    name: 'handbook',
    tenant: 'acme',
    status: 'active',
    documents: { total: 0 },
    chunks: 0,
  });
  expect(await reader.documents(admin, 'handbook')).toEqual([]);
  expect(await reader.query(admin, 'handbook')).toEqual([]);
  expect(await reader.augment(admin, 'handbook')).toEqual([]);
  const oldEvent = acme.docs.handbook['doc-1'].eventId;
  const event = await client.send(admin, 'GET', `/v1/libraries/handbook/events/${oldEvent}`);
  exp.error(event, 404, 'EVENT_NOT_FOUND', undefined, 'eventId');
  const doc = await client.send(admin, 'GET', '/v1/libraries/handbook/documents/doc-1');
  exp.error(doc, 404, 'DOCUMENT_NOT_FOUND', undefined, 'id');

  // Never widened: the key of handbook and wiki may not use the new handbook.
  const refused = await client.send(handbookWiki, 'GET', '/v1/libraries/handbook');
  const notHandbook = 'This API key may not use library "handbook".';
  exp.error(refused, 403, 'FORBIDDEN', notHandbook, 'library');
  expect(await reader.query(handbookWiki, 'wiki')).toEqual(expectedSeen(acme.docs.wiki));
  const keys = exp.ok<KeyListing>(await client.send(admin, 'GET', '/v1/keys'), 200).keys;
  const byId = new Map(keys.map((key) => [key.id, key]));
  for (const key of onlyHandbook) {
    expect(byId.get(key.id ?? '')).toMatchObject({ revokedAt: expect.any(String) });
  }
  expect(byId.get(handbookWiki.id ?? '')).toMatchObject({ libraries: ['wiki'] });
  expect(byId.get(handbookWiki.id ?? '')).not.toHaveProperty('revokedAt');

  const theirs = globex.docs.handbook;
  expect(await reader.documents(globex.keys.admin, 'handbook')).toEqual(expectedDocuments(theirs));
  expect(await reader.query(globex.keys.admin, 'handbook')).toEqual(expectedSeen(theirs));
  const restricted = globex.keys.handbookOnly;
  expect(await reader.query(restricted, 'handbook')).toEqual(expectedSeen(theirs, true));
  expect(await reader.library(restricted, 'handbook')).toMatchObject({
    tenant: 'globex',
    status: 'active',
    documents: { total: Object.keys(theirs).length },
  });
  expect(await reader.query(world.root, undefined)).toEqual(expectedSeen(world.defaultDocs));
}
