import { QdrantClient } from '@qdrant/js-client-rest';
import { QdrantVectorStore } from '../../libs/vector-store/src/adapters/qdrant/qdrant-vector-store.adapter';
import { describeVectorStoreContract } from './vector-store.contract';

// Only in the run when QDRANT_URL is set (jest config); QDRANT_API_KEY is optional.
const url = process.env.QDRANT_URL ?? 'http://localhost:6333';
const apiKey = process.env.QDRANT_API_KEY;

// The contract names its libraries c_<12 hex>; their collections are <library>_v<N>.
const CONTRACT_COLLECTION = /^c_(missing_)?[0-9a-f]+_v[0-9]+$/;

/**
 * The contract on a real Qdrant. Cleanup drops only the contract collections this test created
 * (deleting a collection drops its aliases), so a shared server keeps everything else.
 */
describeVectorStoreContract('qdrant', async () => {
  const admin = new QdrantClient({ url, apiKey, checkCompatibility: false });
  const names = async (): Promise<string[]> =>
    (await admin.getCollections()).collections.map((c) => c.name);
  const before = new Set(await names());
  const store = new QdrantVectorStore({ url, apiKey });
  const cleanup = async (): Promise<void> => {
    for (const name of await names()) {
      if (!before.has(name) && CONTRACT_COLLECTION.test(name)) await admin.deleteCollection(name);
    }
  };
  return { store, cleanup };
});
