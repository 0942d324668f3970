import { Schema } from 'redis-om';

/**
 * redis-om HASH entities (plain Redis: no RediSearch or RedisJSON, so no `search()`).
 * The Lua scripts in registry-scripts.ts write the same hash fields atomically; numbers are
 * stored as decimal strings and booleans as '1'/'0', the way redis-om reads them.
 */
export function documentSchema(name: string) {
  return new Schema(
    name,
    {
      documentId: { type: 'string' },
      status: { type: 'string' },
      latestVersion: { type: 'number' },
      indexedVersion: { type: 'number' },
      contentHash: { type: 'string' },
      chunks: { type: 'number' },
      chunkHashes: { type: 'string[]', separator: ',' },
      title: { type: 'string' },
      source: { type: 'string' },
      /** The indexed version's ACL as JSON ('' when it has none). */
      acl: { type: 'string' },
      error: { type: 'string' },
      createdAt: { type: 'number' },
      updatedAt: { type: 'number' },
      /** When a worker last applied a change (not when one was accepted). */
      syncedAt: { type: 'number' },
    },
    { dataStructure: 'HASH' },
  );
}

export function eventSchema(name: string) {
  return new Schema(
    name,
    {
      eventId: { type: 'string' },
      documentId: { type: 'string' },
      kind: { type: 'string' },
      version: { type: 'number' },
      source: { type: 'string' },
      status: { type: 'string' },
      unchanged: { type: 'boolean' },
      chunksEmbedded: { type: 'number' },
      chunksReused: { type: 'number' },
      chunksDeleted: { type: 'number' },
      error: { type: 'string' },
      receivedAt: { type: 'number' },
      updatedAt: { type: 'number' },
    },
    { dataStructure: 'HASH' },
  );
}
