import type { Acl, PermissionClient } from './permission-client';
import { mayRead } from './permission-model';

export interface CheckResult {
  checks: number;
  problems: string[];
}

const ACL_ONLY_TOKEN = 'aclonlyprobe';
const RYW_TOKEN = 'rywprobe';

/** Several small chunks (the library chunks at 32 tokens), each with the probe token. */
function multiChunkText(): string {
  const topics = ['harbour', 'lantern', 'meadow', 'copper', 'violet', 'granite', 'falcon'];
  return topics
    .map(
      (topic, i) =>
        `${ACL_ONLY_TOKEN} section ${i} describes the ${topic} in enough words to fill one small chunk of the document on its own.`,
    )
    .join('\n\n');
}

/** Chunks of `documentId` that `key` (optionally naming `principals`) reads, one query. */
async function chunksRead(
  client: PermissionClient,
  library: string,
  body: Record<string, unknown>,
  key: string,
  documentId: string,
): Promise<number> {
  const hits = await client.query(library, key, { mode: 'sparse', topK: 100, ...body });
  return hits
    .filter((hit) => hit.documentId === documentId)
    .reduce((sum, hit) => sum + hit.chunkIds.length, 0);
}

/**
 * A document changes only its ACL, several times: each change completes with no chunk embedded,
 * and right after its event completes (one query each, no polling) every chunk has the new readers.
 */
export async function checkAclOnlyChange(
  client: PermissionClient,
  library: string,
): Promise<CheckResult> {
  const documentId = 'acl-only/handbook';
  const text = multiChunkText();
  const readers: Array<{ name: string; principals: readonly string[] | 'all'; key: string }> = [
    {
      name: 'group:eng',
      principals: ['group:eng'],
      key: await client.createKey(['query'], ['group:eng']),
    },
    {
      name: 'group:ops',
      principals: ['group:ops'],
      key: await client.createKey(['query'], ['group:ops']),
    },
    { name: 'no principals', principals: [], key: await client.createKey(['query']) },
    { name: 'root', principals: 'all', key: client.rootKey },
  ];
  const problems: string[] = [];
  let checks = 0;
  const put = async (acl: Acl) => {
    const accepted = await client.put(library, documentId, {
      text,
      metadata: { team: 'handbook' },
      ...(acl === undefined ? {} : { acl }),
    });
    await client.settle(library, [accepted.eventId]);
    return client.getEvent(library, accepted.eventId);
  };

  const first = await put({ read: ['group:eng'] });
  const { chunks } = await client.getDocument(library, documentId);
  const rootReads = await chunksRead(
    client,
    library,
    { query: ACL_ONLY_TOKEN },
    client.rootKey,
    documentId,
  );
  checks += 2;
  if (chunks < 3 || rootReads !== chunks) {
    problems.push(`expected several chunks: ${chunks} indexed, root reads ${rootReads}`);
  }
  if (first.status !== 'completed' || (first.chunksEmbedded ?? 0) < 1) {
    problems.push(`first version: ${JSON.stringify(first)}`);
  }

  const changes: Acl[] = [
    { read: ['group:ops'] },
    undefined,
    { read: [] },
    { read: ['group:eng', 'group:ops'] },
  ];
  for (const acl of changes) {
    const event = await put(acl);
    const label = `acl ${JSON.stringify(acl ?? null)}`;
    checks += 2;
    if (event.status !== 'completed' || event.chunksEmbedded !== 0 || event.unchanged === true) {
      problems.push(`${label}: event ${JSON.stringify(event)} (want completed, chunksEmbedded 0)`);
    }
    const state = await client.getDocument(library, documentId);
    if (JSON.stringify(state.acl) !== JSON.stringify(acl ?? null)) {
      problems.push(`${label}: the document shows acl ${JSON.stringify(state.acl)}`);
    }
    for (const reader of readers) {
      checks++;
      const read = await chunksRead(
        client,
        library,
        { query: ACL_ONLY_TOKEN },
        reader.key,
        documentId,
      );
      const want = mayRead(acl, reader.principals) ? chunks : 0;
      if (read !== want)
        problems.push(`${label}: ${reader.name} reads ${read} of ${chunks} chunks, want ${want}`);
    }
  }
  return { checks, problems };
}

/**
 * Read-your-writes (`consistency.afterEvents`) answers with the permission filter too: right
 * after an ACL grant, and right after the ACL change that revokes it.
 */
export async function checkReadYourWrites(
  client: PermissionClient,
  library: string,
  onBehalfKey: string,
): Promise<CheckResult> {
  const documentId = 'ryw/notes';
  const ann = 'user:ann@example.com';
  const bo = 'user:bo@example.com';
  const boKey = await client.createKey(['query'], [bo]);
  const problems: string[] = [];
  let checks = 0;
  for (const acl of [{ read: [ann] }, { read: [bo] }, { read: [] }]) {
    const accepted = await client.put(library, documentId, {
      text: `${RYW_TOKEN} meeting notes that only some readers may see.`,
      acl,
    });
    const body = {
      query: RYW_TOKEN,
      consistency: { afterEvents: [accepted.eventId], timeoutMs: 20_000 },
    };
    const asked: Array<[string, string, Record<string, unknown>, string[]]> = [
      ['on-behalf ann', onBehalfKey, { ...body, principals: [ann] }, [ann]],
      ['on-behalf bo', onBehalfKey, { ...body, principals: [bo] }, [bo]],
      ['bound bo', boKey, body, [bo]],
    ];
    for (const [name, key, request, principals] of asked) {
      checks++;
      const read = (await chunksRead(client, library, request, key, documentId)) > 0;
      if (read !== mayRead(acl, principals)) {
        problems.push(`acl ${JSON.stringify(acl)}: ${name} ${read ? 'reads' : 'does not read'} it`);
      }
    }
  }
  return { checks, problems };
}
