import IORedis from 'ioredis';
import { DEFAULT_TENANT } from '@ragline/events';
// The registry's key layout is its own (not exported from the lib index): reuse it, never copy it.
import { RegistryKeys } from '../../libs/registry/src/adapters/redis/registry-keys';
import { mapBounded } from '../support/bounded-pool';
import type { SourcesClient } from './sources-client';

/**
 * Ids of every event a library's registry holds. A source's sync hands its changes to intake
 * itself, so no client ever sees their event ids: they are listed from the registry's keys
 * (SCAN), and what each event did is then read through the API (`GET .../events/:id`).
 */
export async function libraryEventIds(
  redisUrl: string,
  prefix: string,
  library: string,
): Promise<Set<string>> {
  const keys = new RegistryKeys(prefix, { tenant: DEFAULT_TENANT, library });
  const head = `${keys.eventSchema}:`;
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const ids = new Set<string>();
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of found) ids.add(key.slice(head.length));
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return ids;
}

/** Texts Ragline embedded for the events of `library` not in `before` (sum of `chunksEmbedded`). */
export async function textsEmbeddedSince(
  client: SourcesClient,
  redisUrl: string,
  prefix: string,
  library: string,
  before: ReadonlySet<string>,
): Promise<{ events: number; textsEmbedded: number }> {
  const ids = [...(await libraryEventIds(redisUrl, prefix, library))].filter(
    (id) => !before.has(id),
  );
  const outcomes = await mapBounded(ids, 16, (id) => client.libraryEvent(library, id));
  return {
    events: ids.length,
    textsEmbedded: outcomes.reduce((sum, outcome) => sum + outcome.chunksEmbedded, 0),
  };
}
