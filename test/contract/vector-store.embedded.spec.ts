import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanceDbVectorStore } from '../../libs/vector-store/src/adapters/embedded/lancedb-vector-store.adapter';
import { describeVectorStoreContract } from './vector-store.contract';

/** The contract on the embedded store: a fresh LanceDB directory per test, removed afterwards. */
describeVectorStoreContract('embedded (LanceDB)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ragline-contract-'));
  const store = await LanceDbVectorStore.open({ dataDir });
  return { store, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
});
