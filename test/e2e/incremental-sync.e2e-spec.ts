import { randomUUID } from 'node:crypto';
import { deleteRedisPrefix } from '@ragline/testing';
import { READ_ALL, type VectorStore } from '@ragline/vector-store';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness';

/** 100 paragraphs of distinct text; with 40-token chunks and no overlap, one paragraph per chunk. */
function manual(edit?: { paragraph: number; text: string }): string {
  return Array.from({ length: 100 }, (_, i) =>
    edit?.paragraph === i
      ? edit.text
      : `Section ${i}. The subsystem number ${i} validates inputs, records state ${i * 7}, and reports progress to operators.`,
  ).join('\n\n');
}

describe('incremental sync on the real registry and store', () => {
  let h: SyncHarness;

  beforeEach(async () => {
    h = await createSyncHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function accept(documentId: string, text: string, version?: number) {
    return h.registry.acceptEvent(h.library, {
      eventId: randomUUID(),
      documentId,
      kind: 'upsert',
      version,
      text,
      source: 'test',
      metadata: {},
      receivedAt: Date.now(),
    });
  }

  it('embeds only the changed chunk on a one-paragraph edit, and nothing on a resend', async () => {
    await accept('manual', manual());
    const first = await h.service().sync(h.library, 'manual');
    expect(first).toMatchObject({ result: 'applied', chunksReused: 0 });
    const chunks = (await h.registry.getDocument(h.library, 'manual'))?.chunks ?? 0;
    expect(chunks).toBe(100);
    expect(h.embedder.texts).toBe(100);

    h.embedder.texts = 0;
    h.embedder.calls = 0;
    await accept(
      'manual',
      manual({
        paragraph: 42,
        text: 'Section 42. The subsystem number 42 streams outputs, records state 999, and reports failures to auditors.',
      }),
    );
    const edit = await h.service().sync(h.library, 'manual');
    expect(edit).toMatchObject({
      result: 'applied',
      chunksEmbedded: 1,
      chunksReused: 99,
      chunksDeleted: 1,
    });
    expect(h.embedder.texts).toBe(1);
    expect(await h.store.count(h.storeName, READ_ALL, { documentId: 'manual' })).toBe(100);

    h.embedder.texts = 0;
    h.embedder.calls = 0;
    await accept(
      'manual',
      manual({
        paragraph: 42,
        text: 'Section 42. The subsystem number 42 streams outputs, records state 999, and reports failures to auditors.',
      }),
    );
    const resend = await h.service().sync(h.library, 'manual');
    expect(resend).toMatchObject({ result: 'unchanged', chunksEmbedded: 0 });
    expect(h.embedder.calls).toBe(0);
  });

  it('reuses the stored vectors of unchanged chunks when the cache has lost them', async () => {
    await accept('manual', manual());
    await h.service().sync(h.library, 'manual');
    await deleteRedisPrefix(h.env.redisUrl, `${h.env.prefix}:emb`);
    h.embedder.texts = 0;
    await accept(
      'manual',
      manual({
        paragraph: 3,
        text: 'Section 3. The subsystem number 3 streams outputs, records state 999, and reports failures to auditors.',
      }),
    );
    expect(await h.service().sync(h.library, 'manual')).toMatchObject({
      chunksEmbedded: 1,
      chunksReused: 99,
    });
    expect(h.embedder.texts).toBe(1);
  });

  it('embeds a chunk shared by two documents once (embedding cache)', async () => {
    await accept('copy-a', manual());
    await h.service().sync(h.library, 'copy-a');
    expect(h.embedder.texts).toBe(100);
    await accept(
      'copy-b',
      manual({
        paragraph: 7,
        text: 'Section 7. The subsystem number 7 streams outputs, records state 999, and reports failures to auditors.',
      }),
    );
    const copy = await h.service().sync(h.library, 'copy-b');
    expect(copy).toMatchObject({ chunksEmbedded: 1, chunksReused: 99 });
    expect(h.embedder.texts).toBe(101);
    expect(await h.store.count(h.storeName, READ_ALL, { documentId: 'copy-b' })).toBe(100);
  });

  it('does not duplicate chunks when a sync is retried after the store write (crash before commit)', async () => {
    let crashes = 1;
    const crashingStore: VectorStore = new Proxy(h.store, {
      get(target, property, receiver) {
        if (property !== 'replaceDocument')
          return Reflect.get(target, property, receiver) as unknown;
        return async (...args: Parameters<VectorStore['replaceDocument']>) => {
          await target.replaceDocument(...args);
          if (crashes-- > 0) throw new Error('simulated crash after the store write');
        };
      },
    });
    const accepted = await accept('crashy', manual());
    await expect(h.service(crashingStore).sync(h.library, 'crashy')).rejects.toThrow(
      'simulated crash',
    );
    expect((await h.registry.getEvent(h.library, accepted.eventId))?.status).toBe('active');

    const retry = await h.service(crashingStore).sync(h.library, 'crashy');
    expect(retry.result).toBe('applied');
    expect(await h.store.count(h.storeName, READ_ALL, { documentId: 'crashy' })).toBe(100);
    const ids = (await h.store.getDocumentVectors(h.storeName, 'crashy')).map((point) => point.id);
    expect(new Set(ids).size).toBe(100);
    expect((await h.registry.getEvent(h.library, accepted.eventId))?.status).toBe('completed');
  });

  it('never lets an older version overwrite a newer one, and tombstones block resurrection', async () => {
    await accept('versioned', 'Version five text.', 5);
    const late = await accept('versioned', 'Version three text arrives late.', 3);
    expect(late.status).toBe('superseded');
    await h.service().sync(h.library, 'versioned');
    expect(await h.registry.getDocument(h.library, 'versioned')).toMatchObject({
      indexedVersion: 5,
      status: 'indexed',
    });

    const tombstone = await h.registry.acceptEvent(h.library, {
      eventId: randomUUID(),
      documentId: 'versioned',
      kind: 'delete',
      version: 7,
      source: 'test',
      receivedAt: Date.now(),
    });
    expect(tombstone.status).toBe('queued');
    await h.service().sync(h.library, 'versioned');
    const resurrect = await accept('versioned', 'Version six must not come back.', 6);
    expect(resurrect.status).toBe('superseded');
    expect(await h.store.count(h.storeName, READ_ALL, { documentId: 'versioned' })).toBe(0);
    expect(await h.registry.getDocument(h.library, 'versioned')).toMatchObject({
      status: 'deleted',
      indexedVersion: 7,
    });
  });

  it('coalesces a burst: one sync applies the newest, the older events end superseded', async () => {
    const events = [];
    for (let i = 1; i <= 5; i++) events.push(await accept('bursty', `Burst revision ${i}.`));
    const result = await h.service().sync(h.library, 'bursty');
    expect(result).toMatchObject({ result: 'applied', version: 5 });
    const statuses = await Promise.all(
      events.map(async (e) => (await h.registry.getEvent(h.library, e.eventId))?.status),
    );
    expect(statuses).toEqual(['superseded', 'superseded', 'superseded', 'superseded', 'completed']);
    expect(await h.service().sync(h.library, 'bursty')).toMatchObject({ result: 'idle' });
  });
});
