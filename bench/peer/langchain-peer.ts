import { performance } from 'node:perf_hooks';
import { Document } from '@langchain/core/documents';
import { index } from '@langchain/core/indexing';
import { forgetTokenCounts, type Chunker } from '@ragline/chunking';
import type { Embedder } from '@ragline/embedders';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import { expectedChunks } from '../corpus/prepared-points';
import type { PhaseCost } from '../phases/edit-workload.phase';
import type { Workloads } from '../phases/main-run.phase';
import { diffLibrary } from '../stats/library-diff';
import { openPeerSession } from './peer-session';

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
  const session = await openPeerSession(pgUrl, embedder, 'peer');
  const { records, embeddings, store } = session;
  // The bench's own verification chunked these documents in this process: start the peer as
  // cold as Ragline's worker process started.
  forgetTokenCounts();
  try {
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
      // index() with cleanup 'incremental' only cleans sources it is given: see deleteSources.
      await phase(
        'delete 1%',
        work.deletes,
        async () => {
          await session.deleteSources(work.deletes.map((d) => d.id));
        },
        () => work.deletes.forEach((d) => state.delete(d.id)),
      ),
    ];
    return phases;
  } finally {
    await session.close();
  }
}
