import type { Suite } from './data-checks';
import { PRIVATE_LIBRARY, otherTenant, type Tenant } from './isolation-world';
import { expectedSeen } from './reads';

/** A tenant name nobody uses: the reference for "another tenant" answers. */
const NOBODY = 'nobody-tenant';
/** A well-formed key id no key has. */
const UNKNOWN_KEY_ID = 'zzzzzzzzzzzz';

interface KeyView {
  id: string;
  tenant: string;
  [field: string]: unknown;
}

/**
 * A tenant admin lists, creates and revokes its own tenant's keys only: the other tenant is
 * answered like a tenant that does not exist, the other's key ids like ids that do not exist.
 */
export async function checkKeyRoutes(suite: Suite, tenant: Tenant): Promise<void> {
  const { client, expectations: exp, reader, world } = suite;
  const other = otherTenant(tenant);
  const { admin } = world.tenants[tenant].keys;

  const listed = exp.ok<{ keys: KeyView[] }>(await client.send(admin, 'GET', '/v1/keys'), 200).keys;
  expect(listed.map((key) => key.id).sort()).toEqual([...(world.keyIds.get(tenant) ?? [])].sort());
  expect(listed.filter((key) => key.tenant !== tenant)).toEqual([]);
  expect(listed.filter((key) => 'secretHash' in key || 'key' in key)).toEqual([]);

  const listNobody = await client.send(admin, 'GET', `/v1/keys?tenant=${NOBODY}`);
  exp.error(
    listNobody,
    403,
    'FORBIDDEN',
    'Only the root key manages keys of other tenants.',
    'tenant',
  );
  exp.same(await client.send(admin, 'GET', `/v1/keys?tenant=${other}`), other, listNobody, NOBODY);

  const createNobody = await client.send(admin, 'POST', '/v1/keys', {
    tenant: NOBODY,
    scopes: ['query'],
  });
  exp.error(
    createNobody,
    403,
    'FORBIDDEN',
    'Only the root key manages keys of other tenants.',
    'tenant',
  );
  const createOther = await client.send(admin, 'POST', '/v1/keys', {
    tenant: other,
    scopes: ['query'],
  });
  exp.same(createOther, other, createNobody, NOBODY);

  const revokeUnknown = await client.send(admin, 'DELETE', `/v1/keys/${UNKNOWN_KEY_ID}`);
  exp.error(
    revokeUnknown,
    404,
    'API_KEY_NOT_FOUND',
    `API key "${UNKNOWN_KEY_ID}" does not exist.`,
    'id',
  );
  for (const key of Object.values(world.tenants[other].keys)) {
    const sent = await client.send(admin, 'DELETE', `/v1/keys/${key.id}`);
    exp.same(sent, key.id ?? '', revokeUnknown, UNKNOWN_KEY_ID);
  }
  // Still working after the attempts: nothing was revoked.
  for (const key of Object.values(world.tenants[other].keys)) {
    expect((await reader.libraries(key)).length).toBeGreaterThan(0);
  }
}

/** The root key manages every tenant's keys; each tenant's listing is its own. */
export async function checkRootKeyListing(suite: Suite): Promise<void> {
  const { client, expectations: exp, world } = suite;
  const all = exp.ok<{ keys: KeyView[] }>(
    await client.send(world.root, 'GET', '/v1/keys'),
    200,
  ).keys;
  const made = [...world.keyIds.values()].flat();
  expect(all.map((key) => key.id).sort()).toEqual(expect.arrayContaining(made));
  for (const [tenant, ids] of world.keyIds) {
    const url = `/v1/keys?tenant=${tenant}`;
    const listed = exp.ok<{ keys: KeyView[] }>(await client.send(world.root, 'GET', url), 200).keys;
    expect(listed.map((key) => key.id).sort()).toEqual([...ids].sort());
  }
}

/**
 * Libraries are per tenant: a name the other tenant uses is a new, empty library here, the other
 * tenant cannot be named, and an own name that exists is a 409.
 */
export async function checkLibraryCreation(suite: Suite, tenant: Tenant): Promise<void> {
  const { client, expectations: exp, reader, world } = suite;
  const other = otherTenant(tenant);
  const mine = world.tenants[tenant];
  const { admin } = mine.keys;

  const inNobody = await client.send(admin, 'POST', '/v1/libraries', {
    name: 'elsewhere',
    tenant: NOBODY,
  });
  exp.error(
    inNobody,
    403,
    'FORBIDDEN',
    'Only the root key creates libraries of other tenants.',
    'tenant',
  );
  const inOther = await client.send(admin, 'POST', '/v1/libraries', {
    name: 'elsewhere',
    tenant: other,
  });
  exp.same(inOther, other, inNobody, NOBODY);
  const again = await client.send(admin, 'POST', '/v1/libraries', { name: 'handbook' });
  exp.error(again, 409, 'LIBRARY_EXISTS', 'Library "handbook" already exists.', 'name');
  const restricted = await client.send(mine.keys.handbookOnly, 'POST', '/v1/libraries', {
    name: 'wiki',
  });
  exp.error(restricted, 403, 'FORBIDDEN', /"admin" scope/, 'authorization');

  const theirName = PRIVATE_LIBRARY[other];
  const created = exp.ok(
    await client.send(admin, 'POST', '/v1/libraries', { name: theirName }),
    201,
  );
  expect(created).toMatchObject({
    name: theirName,
    tenant,
    status: 'active',
    documents: { total: 0 },
    chunks: 0,
  });
  expect(await reader.documents(admin, theirName)).toEqual([]);
  expect(await reader.query(admin, theirName)).toEqual([]);
  expect(await reader.augment(admin, theirName)).toEqual([]);
  mine.libraries.push(theirName);
  mine.docs[theirName] = {};

  const theirs = world.tenants[other];
  expect(await reader.query(theirs.keys.admin, theirName)).toEqual(
    expectedSeen(theirs.docs[theirName]),
  );
  expect(await reader.library(theirs.keys.admin, theirName)).toMatchObject({
    tenant: other,
    documents: { total: 1 },
  });
}

/**
 * An `admin` key restricted to `handbook` manages handbook only: it may not make keys for other
 * libraries or for all, create or delete other libraries, nor revoke keys that reach beyond
 * handbook (keys made for this check, so a wrong revocation harms nothing else).
 */
export async function checkRestrictedAdmin(suite: Suite, tenant: Tenant): Promise<void> {
  const { client, expectations: exp, reader, world, builder } = suite;
  const { admin, handbookAdmin } = world.tenants[tenant].keys;
  const wikiKey = await client.send(handbookAdmin, 'POST', '/v1/keys', {
    scopes: ['query'],
    libraries: ['wiki'],
  });
  exp.error(wikiKey, 403, 'FORBIDDEN', undefined, 'libraries');
  const wideKey = await client.send(handbookAdmin, 'POST', '/v1/keys', { scopes: ['query'] });
  exp.error(wideKey, 403, 'FORBIDDEN', undefined, 'libraries');
  const ownKey = await builder.key(handbookAdmin, `${tenant}.made-by-handbook-admin`, {
    scopes: ['query'],
    libraries: ['handbook'],
  });
  expect(await reader.libraries(ownKey)).toEqual(['handbook']);
  const library = await client.send(handbookAdmin, 'POST', '/v1/libraries', { name: 'wiki-two' });
  exp.error(library, 403, 'FORBIDDEN', 'This API key may not use library "wiki-two".', 'name');
  const removal = await client.send(handbookAdmin, 'DELETE', '/v1/libraries/wiki');
  exp.error(removal, 403, 'FORBIDDEN', 'This API key may not use library "wiki".', 'library');

  const victims = [
    await builder.key(admin, `${tenant}.wiki-only`, { scopes: ['query'], libraries: ['wiki'] }),
    await builder.key(admin, `${tenant}.tenant-wide`, { scopes: ['query'] }),
  ];
  const outcomes = [];
  for (const victim of victims) {
    const sent = await client.send(handbookAdmin, 'DELETE', `/v1/keys/${victim.id}`);
    const still = await client.send(victim, 'GET', '/v1/libraries');
    const code = sent.json<{ error?: { code?: string } }>().error?.code;
    outcomes.push({
      key: victim.label,
      revoke: `${sent.status} ${code ?? ''}`.trim(),
      afterwards: still.status,
    });
  }
  // Status and code only (the product has no message for this refusal): every victim intact.
  expect(outcomes).toEqual(
    victims.map((victim) => ({ key: victim.label, revoke: '403 FORBIDDEN', afterwards: 200 })),
  );
}
