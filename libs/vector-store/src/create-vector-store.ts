import { Logger } from '@nestjs/common';
import type { Config } from '@ragline/config';
import type { VectorStore } from './vector-store.port';
import { LanceDbVectorStore } from './adapters/embedded/lancedb-vector-store.adapter';
import { QdrantVectorStore } from './adapters/qdrant/qdrant-vector-store.adapter';

/** Opens the store VECTOR_STORE selects. */
export async function createVectorStore(config: Config): Promise<VectorStore> {
  switch (config.VECTOR_STORE) {
    case 'embedded':
      // Background maintenance reports its failures here instead of throwing at a caller.
      return LanceDbVectorStore.open({
        dataDir: config.DATA_DIR,
        logger: new Logger('vector-store'),
      });
    case 'qdrant':
      // loadConfig refuses VECTOR_STORE=qdrant without QDRANT_URL. The version guard makes Qdrant
      // itself refuse to overwrite a point with an older document version (conditional upsert).
      return new QdrantVectorStore({
        url: config.QDRANT_URL ?? '',
        apiKey: config.QDRANT_API_KEY,
        versionGuard: true,
      });
  }
}
