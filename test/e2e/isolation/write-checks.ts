import { randomUUID } from 'node:crypto';
import type { Suite } from './data-checks';
import { TENANTS, docText, type Tenant } from './isolation-world';
import { expectedSeen } from './reads';

/**
 * Both tenants edit their `wiki/doc-1` with the same Idempotency-Key (two changes, not a replay
 * of the other's), acme deletes its `wiki/doc-2`: each tenant's queries then show its own
 * documents of those ids only, and globex's `doc-2` is still indexed.
 */
export async function checkSameIdWrites(suite: Suite): Promise<void> {
  const { client, expectations: exp, reader, world, builder, guard } = suite;
  const idempotencyKey = `same-key-${randomUUID()}`;
  const events = new Map<Tenant, string>();
  for (const tenant of TENANTS) {
    const mine = world.tenants[tenant];
    const text = docText(tenant, mine.nonce, 'wiki', 'doc-1', 1);
    const title = mine.docs.wiki['doc-1'].title;
    const put = () =>
      client.send(
        mine.keys.ingest,
        'PUT',
        '/v1/libraries/wiki/documents/doc-1',
        { text, title },
        { 'idempotency-key': idempotencyKey },
      );
    const accepted = exp.ok<{ eventId: string; status: string }>(await put(), 202);
    expect({ tenant, status: accepted.status }).toEqual({ tenant, status: 'queued' });
    guard.own(tenant, accepted.eventId);
    // A retry within the tenant is a replay of its own change.
    expect(exp.ok<{ eventId: string }>(await put(), 202).eventId).toBe(accepted.eventId);
    events.set(tenant, accepted.eventId);
    mine.docs.wiki['doc-1'] = { text, title, eventId: accepted.eventId };
  }
  expect(events.get('acme')).not.toBe(events.get('globex'));

  const acme = world.tenants.acme;
  const removal = await client.send(
    acme.keys.ingest,
    'DELETE',
    '/v1/libraries/wiki/documents/doc-2',
  );
  const removed = exp.ok<{ eventId: string }>(removal, 202);
  guard.own('acme', removed.eventId);
  for (const [tenant, eventId] of events) {
    await builder.waitApplied(world.tenants[tenant].keys.admin, 'wiki', eventId);
  }
  await builder.waitApplied(acme.keys.admin, 'wiki', removed.eventId);
  delete acme.docs.wiki['doc-2'];

  for (const tenant of TENANTS) {
    const mine = world.tenants[tenant];
    expect(await reader.query(mine.keys.query, 'wiki')).toEqual(expectedSeen(mine.docs.wiki));
    expect(await reader.query(mine.keys.query, 'handbook')).toEqual(
      expectedSeen(mine.docs.handbook, true),
    );
  }
  const status = async (tenant: Tenant) => {
    const key = world.tenants[tenant].keys.query;
    const sent = await client.send(key, 'GET', '/v1/libraries/wiki/documents/doc-2');
    return exp.ok<{ status: string }>(sent, 200).status;
  };
  expect({ acme: await status('acme'), globex: await status('globex') }).toEqual({
    acme: 'deleted',
    globex: 'indexed',
  });
}
