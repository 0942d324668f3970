import { performance } from 'node:perf_hooks';
import { Document } from '@langchain/core/documents';
import { index } from '@langchain/core/indexing';
import { forgetTokenCounts, type Chunker } from '@ragline/chunking';
import type { Embedder } from '@ragline/embedders';
import type { Delivery } from '../history/delivery-schedule';
import type { HistoryChange, HistoryCommit, HistoryFile } from '../history/docs-history';
import { fileChunkTexts } from '../history/file-chunks';
import type { ReplayExpectation, ReplayOutcome } from '../phases/history-replay';
import { diffFinalState } from '../stats/final-state-diff';
import { openPeerSession } from './peer-session';

/**
 * The history as delivered changes to LangChain.js index(), the peer's own way: an upsert is
 * index() of the file's text at that commit (the same chunker, each chunk one Document whose
 * `source` is the path; cleanup 'incremental', sourceIdKey 'source'), a delete is the bench's
 * peer delete (`deleteSources`: the path's keys, those ids from the store, then the keys),
 * a rename is the delete of the old path and the upsert of the new. A delivery applies its
 * commit's changes in order; a redelivery applies them again. Nothing else is added: index() has
 * no notion of a version, so it applies whatever arrives last.
 */
export async function replayOnPeer(
  pgUrl: string,
  chunker: Chunker,
  embedder: Embedder,
  base: readonly HistoryFile[],
  history: readonly HistoryCommit[],
  schedule: readonly Delivery[],
  expectation: ReplayExpectation,
): Promise<ReplayOutcome> {
  const session = await openPeerSession(pgUrl, embedder, 'history-peer');
  const { records, embeddings, store } = session;
  try {
    const totals = { added: 0, skipped: 0, deleted: 0, deletedByHand: 0 };
    const upsert = async (files: ReadonlyArray<{ path: string; text: string }>) => {
      const docs: Document[] = [];
      for (const file of files) docs.push(...(await fileDocuments(chunker, file.path, file.text)));
      const result = await index({
        docsSource: docs,
        recordManager: records,
        vectorStore: store,
        options: { cleanup: 'incremental', sourceIdKey: 'source' },
      });
      totals.added += result.numAdded;
      totals.skipped += result.numSkipped;
      totals.deleted += result.numDeleted;
    };
    const remove = async (path: string) => {
      totals.deletedByHand += await session.deleteSources([path]);
    };
    const apply = async (change: HistoryChange) => {
      if (change.op === 'delete') return remove(change.path);
      if (change.op === 'rename') await remove(change.from);
      await upsert([change]);
    };

    await upsert(base);
    Object.assign(totals, { added: 0, skipped: 0, deleted: 0, deletedByHand: 0 });
    embeddings.reset();
    // The expected state was chunked in this process: start as cold as Ragline's worker did.
    forgetTokenCounts();
    const started = performance.now();
    for (const delivery of schedule) {
      for (const change of history[delivery.commit].changes) await apply(change);
    }
    const wallMs = performance.now() - started;

    const rows = await store.table.query().select(['documentId', 'text']).toArray();
    const stored = rows.map((row: Record<string, unknown>) => ({
      documentId: String(row.documentId),
      text: String(row.text),
    }));
    return {
      wallMs,
      textsEmbedded: embeddings.texts,
      diff: diffFinalState(expectation.chunks, stored, expectation.removed),
      detail: { embedCalls: embeddings.calls, ...totals },
    };
  } finally {
    await session.close();
  }
}

/**
 * One LangChain Document per chunk. index() hashes content and metadata into the record key, so
 * a text repeated within a file would collapse into one record: its later copies carry their
 * occurrence in the metadata (as Ragline's point ids do), and keep their place.
 */
async function fileDocuments(chunker: Chunker, path: string, text: string): Promise<Document[]> {
  const seen = new Map<string, number>();
  return (await fileChunkTexts(chunker, path, text)).map((pageContent) => {
    const occurrence = seen.get(pageContent) ?? 0;
    seen.set(pageContent, occurrence + 1);
    const metadata = occurrence === 0 ? { source: path } : { source: path, occurrence };
    return new Document({ pageContent, metadata });
  });
}
