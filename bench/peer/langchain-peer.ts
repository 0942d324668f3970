import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from '@lancedb/lancedb';
import { Document } from '@langchain/core/documents';
import { index } from '@langchain/core/indexing';
import { forgetTokenCounts, type Chunker } from '@ragline/chunking';
import type { Embedder } from '@ragline/embedders';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import { expectedChunks } from '../corpus/prepared-points';
import type { PhaseCost } from '../phases/edit-workload.phase';
import type { Workloads } from '../phases/main-run.phase';
import { diffLibrary } from '../stats/library-diff';
import { onCleanup } from '../support/cleanup-registry';
import { CountingEmbeddings } from './counting-embeddings';
import { LanceDbLangChainStore } from './lancedb-langchain.store';
import { PgRecordManager } from './pg-record-manager';

/**
 * The peer: the same documents, chunker, embedder and LanceDB engine, through LangChain.js's
 * index() with cleanup 'incremental' and a PostgreSQL record manager. Each chunk is a LangChain
 * Document whose metadata is only `source` (the document id), so an unchanged chunk hashes the
 * same across versions and is skipped, the best case for the peer.
 */
export async function runPeer(
  pgUrl: string,
  chunker: Chunker,
  embedder: Embedder,
  work: Workloads,
  log: (message: string) => void,
): Promise<PhaseCost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ragline-bench-peer-'));
  const records = PgRecordManager.connect(pgUrl);
  const unregister = onCleanup('peer', async () => {
    await records.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const db = await connect(dir);
  // The bench's own verification chunked these documents in this process: start the peer as
  // cold as Ragline's worker process started.
  forgetTokenCounts();
  try {
    await records.createSchema();
    const embeddings = new CountingEmbeddings(embedder);
    const store = await LanceDbLangChainStore.create(
      db,
      'peer',
      embeddings,
      embedder.id.dimensions,
    );
    const state = new Map<string, BenchDocument>();
    const phase = async (
      name: string,
      documents: readonly BenchDocument[],
      apply: () => Promise<void>,
      update: () => void,
    ): Promise<PhaseCost> => {
      log(`peer: ${name} (${documents.length} docs)`);
      embeddings.reset();
      const started = performance.now();
      await apply();
      const wallMs = performance.now() - started;
      update();
      const expected = await expectedChunks(chunker, [...state.values()]);
      const rows = await store.table.query().select(['documentId', 'text']).toArray();
      const diff = diffLibrary(
        expected,
        rows.map((row: Record<string, unknown>) => ({
          documentId: String(row.documentId),
          text: String(row.text),
        })),
      );
      return {
        phase: name,
        documents: documents.length,
        wallMs,
        embedCalls: embeddings.calls,
        textsEmbedded: embeddings.texts,
        stale: diff.stale,
        missing: diff.missing,
        expectedChunks: diff.expectedChunks,
      };
    };
    const indexDocuments = async (documents: readonly BenchDocument[]) => {
      const docs: Document[] = [];
      for (const document of documents) {
        for (const chunk of await chunker.split(renderDocument(document))) {
          docs.push(new Document({ pageContent: chunk.text, metadata: { source: document.id } }));
        }
      }
      await index({
        docsSource: docs,
        recordManager: records,
        vectorStore: store,
        options: { cleanup: 'incremental', sourceIdKey: 'source' },
      });
    };
    const setAll = (documents: readonly BenchDocument[]) => () =>
      documents.forEach((d) => state.set(d.id, d));
    const phases = [
      await phase('ingest', work.corpus, () => indexDocuments(work.corpus), setAll(work.corpus)),
      await phase('edit 10%', work.edits, () => indexDocuments(work.edits), setAll(work.edits)),
      // index() with cleanup 'incremental' only cleans sources it is given, so a deleted document
      // must be removed by hand: its keys from the record manager, then those ids from the store.
      await phase(
        'delete 1%',
        work.deletes,
        async () => {
          const keys = await records.listKeys({ groupIds: work.deletes.map((d) => d.id) });
          await store.delete({ ids: keys });
          await records.deleteKeys(keys);
        },
        () => work.deletes.forEach((d) => state.delete(d.id)),
      ),
    ];
    return phases;
  } finally {
    db.close();
    unregister();
    await records.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
