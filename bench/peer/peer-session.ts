import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import type { Embedder } from '@ragline/embedders';
import { onCleanup } from '../support/cleanup-registry';
import { CountingEmbeddings } from './counting-embeddings';
import { LanceDbLangChainStore } from './lancedb-langchain.store';
import { PgRecordManager } from './pg-record-manager';

/** One fresh LangChain peer: its record manager table, its LanceDB table, counted embeddings. */
export interface PeerSession {
  records: PgRecordManager;
  embeddings: CountingEmbeddings;
  store: LanceDbLangChainStore;
  /**
   * The peer's delete: index() with cleanup 'incremental' only cleans sources it is given, so a
   * deleted document is removed by hand: its keys (by group id = source) from the record
   * manager, those ids from the store, then the keys. Returns the records removed.
   */
  deleteSources(sourceIds: string[]): Promise<number>;
  /** Drops the record manager's table and the LanceDB dir (also on exit, via the cleanup registry). */
  close(): Promise<void>;
}

export async function openPeerSession(
  pgUrl: string,
  embedder: Embedder,
  name: string,
): Promise<PeerSession> {
  const dir = mkdtempSync(join(tmpdir(), `ragline-bench-${name}-`));
  const records = PgRecordManager.connect(pgUrl);
  let closed = false;
  const drop = async () => {
    if (closed) return;
    closed = true;
    await records.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(name, drop);
  const db = await connect(dir);
  const close = async () => {
    db.close();
    unregister();
    await drop();
  };
  try {
    await records.createSchema();
    const embeddings = new CountingEmbeddings(embedder);
    const store = await LanceDbLangChainStore.create(
      db,
      'peer',
      embeddings,
      embedder.id.dimensions,
    );
    return {
      records,
      embeddings,
      store,
      deleteSources: async (sourceIds) => {
        const keys = await records.listKeys({ groupIds: sourceIds });
        await store.delete({ ids: keys });
        await records.deleteKeys(keys);
        return keys.length;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
