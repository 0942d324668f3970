import { randomUUID } from 'node:crypto';
import type { Expectations } from './expectations';
import type { IsolationClient, LeakGuard, Sent } from './isolation-client';
import { ENG, otherTenant, type Tenant, type World, type WorldBuilder } from './isolation-world';
import { expectedDocuments, expectedSeen, type Reader } from './reads';

/** What the data checks need from the suite. */
export interface Suite {
  client: IsolationClient;
  expectations: Expectations;
  reader: Reader;
  world: World;
  builder: WorldBuilder;
  guard: LeakGuard;
}

/**
 * Everything a tenant's keys read is its own: library lists and counts, document lists and
 * states, passages (query and augment, as each kind of reader), events and read-your-writes.
 */
export async function checkOwnData(suite: Suite, tenant: Tenant): Promise<void> {
  const { client, expectations: exp, reader, world } = suite;
  const mine = world.tenants[tenant];
  const { admin, ingest, query, onBehalf, handbookOnly, handbookWiki, handbookAdmin } = mine.keys;
  const libraries = [...mine.libraries].sort();
  for (const key of [admin, ingest, query, onBehalf]) {
    expect({ key: key.label, names: await reader.libraries(key) }).toEqual({
      key: key.label,
      names: libraries,
    });
  }
  expect(await reader.libraries(handbookOnly)).toEqual(['handbook']);
  expect(await reader.libraries(handbookAdmin)).toEqual(['handbook']);
  expect(await reader.libraries(handbookWiki)).toEqual(['handbook', 'wiki']);

  for (const library of mine.libraries) {
    const docs = mine.docs[library];
    const n = Object.keys(docs).length;
    expect(await reader.library(admin, library)).toMatchObject({
      name: library,
      tenant,
      status: 'active',
      documents: { indexed: n, total: n },
      chunks: n,
    });
    expect(await reader.documents(admin, library)).toEqual(expectedDocuments(docs));
    expect(await reader.query(admin, library)).toEqual(expectedSeen(docs));
    expect(await reader.augment(admin, library)).toEqual(expectedSeen(docs));
  }

  // Each reader of the handbook: a key with no principals reads the documents without an ACL.
  const handbook = mine.docs.handbook;
  for (const key of [query, onBehalf, handbookOnly, handbookWiki]) {
    expect({ key: key.label, seen: await reader.query(key, 'handbook') }).toEqual({
      key: key.label,
      seen: expectedSeen(handbook, true),
    });
  }
  expect(await reader.augment(query, 'handbook')).toEqual(expectedSeen(handbook, true));
  expect(await reader.query(onBehalf, 'handbook', [ENG])).toEqual(expectedSeen(handbook));
  const named = await client.send(query, 'POST', '/v1/libraries/handbook/query', {
    query: 'travel',
    principals: [ENG],
  });
  exp.error(
    named,
    403,
    'FORBIDDEN',
    'Naming principals needs a key with the "query:on-behalf" scope.',
    'principals',
  );

  await checkDocumentsAndEvents(suite, tenant);
}

/** Same ids, two documents: each tenant's GET and events show its own; the other's are missing. */
async function checkDocumentsAndEvents(suite: Suite, tenant: Tenant): Promise<void> {
  const { client, expectations: exp, world } = suite;
  const mine = world.tenants[tenant];
  const theirs = world.tenants[otherTenant(tenant)];
  const { admin, query, ingest } = mine.keys;
  const handbook = mine.docs.handbook;
  for (const [id, doc] of Object.entries(handbook)) {
    const state = exp.ok(
      await client.send(admin, 'GET', `/v1/libraries/handbook/documents/${id}`),
      200,
    );
    expect(state).toMatchObject({ id, title: doc.title, status: 'indexed', acl: doc.acl ?? null });
  }
  const missingDoc = await client.send(
    query,
    'GET',
    '/v1/libraries/handbook/documents/no-such-doc',
  );
  exp.error(missingDoc, 404, 'DOCUMENT_NOT_FOUND', 'Document "no-such-doc" is not known.', 'id');
  for (const id of Object.keys(theirs.docs.handbook).filter((id) => !(id in handbook))) {
    const sent = await client.send(query, 'GET', `/v1/libraries/handbook/documents/${id}`);
    exp.same(sent, id, missingDoc, 'no-such-doc');
  }

  const ownEvent = handbook['doc-1'].eventId;
  for (const key of [query, ingest]) {
    const event = exp.ok(
      await client.send(key, 'GET', `/v1/libraries/handbook/events/${ownEvent}`),
      200,
    );
    expect(event).toMatchObject({ eventId: ownEvent, documentId: 'doc-1', status: 'completed' });
  }
  const unknown = randomUUID();
  const missingEvent = await client.send(query, 'GET', `/v1/libraries/handbook/events/${unknown}`);
  exp.error(
    missingEvent,
    404,
    'EVENT_NOT_FOUND',
    `Event "${unknown}" is not known (or has expired).`,
    'eventId',
  );
  // Their events, of every library, asked for in my handbook and in my library of the same name.
  const missingIn = new Map<string, Sent>([['handbook', missingEvent]]);
  for (const [library, docs] of Object.entries(theirs.docs)) {
    for (const where of new Set(['handbook', library].filter((l) => mine.libraries.includes(l)))) {
      const reference =
        missingIn.get(where) ??
        (await client.send(query, 'GET', `/v1/libraries/${where}/events/${unknown}`));
      missingIn.set(where, reference);
      for (const doc of Object.values(docs)) {
        const sent = await client.send(
          query,
          'GET',
          `/v1/libraries/${where}/events/${doc.eventId}`,
        );
        exp.same(sent, doc.eventId, reference, unknown);
      }
    }
  }

  // Read-your-writes waits on my events only; theirs are unknown exactly like a made-up id.
  const after = (ids: string[]) =>
    client.send(query, 'POST', '/v1/libraries/handbook/query', {
      query: 'travel policy',
      topK: 50,
      consistency: { afterEvents: ids, timeoutMs: 2000 },
    });
  exp.ok(await after([ownEvent]), 200);
  const missingAfter = await after([unknown]);
  exp.error(missingAfter, 404, 'EVENT_NOT_FOUND', undefined, 'consistency.afterEvents');
  const theirEvent = theirs.docs.handbook['doc-1'].eventId;
  exp.same(await after([theirEvent]), theirEvent, missingAfter, unknown);
}

/** The default tenant (root key) reads its `default` library through the unscoped routes. */
export async function checkDefaultTenant(suite: Suite): Promise<void> {
  const { client, expectations: exp, reader, world } = suite;
  const { root, defaultDocs } = world;
  expect(await reader.libraries(root)).toEqual(['default']);
  expect(await reader.documents(root, undefined)).toEqual(expectedDocuments(defaultDocs));
  expect(await reader.query(root, undefined)).toEqual(expectedSeen(defaultDocs));
  expect(await reader.augment(root, undefined)).toEqual(expectedSeen(defaultDocs));
  expect(await reader.query(root, 'default')).toEqual(expectedSeen(defaultDocs));
  const status = exp.ok(await client.send(root, 'GET', '/v1/status'), 200);
  expect(status).toMatchObject({ library: 'default', tenant: 'default', documents: { total: 1 } });
  const doc = exp.ok(await client.send(root, 'GET', '/v1/documents/doc-1'), 200);
  expect(doc).toMatchObject({ id: 'doc-1', title: defaultDocs['doc-1'].title });
  const event = exp.ok(
    await client.send(root, 'GET', `/v1/events/${defaultDocs['doc-1'].eventId}`),
    200,
  );
  expect(event).toMatchObject({ documentId: 'doc-1', status: 'completed' });
}
