import type { Config } from '@ragline/config';
import type { VectorStore } from './vector-store.port';
import { LanceDbVectorStore } from './adapters/embedded/lancedb-vector-store.adapter';

/** Opens the store VECTOR_STORE selects. */
export async function createVectorStore(config: Config): Promise<VectorStore> {
  switch (config.VECTOR_STORE) {
    case 'embedded':
      return LanceDbVectorStore.open(config.DATA_DIR);
    case 'qdrant':
      throw new Error('VECTOR_STORE=qdrant is not wired yet');
  }
}
