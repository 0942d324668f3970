import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import { expectedChunks } from '../corpus/prepared-points';
import type { Chunker } from '@ragline/chunking';
import type { RunningService } from '../service/ragline-service';
import { readLibrary } from '../service/library-reader';
import { RaglineClient } from '../service/ragline-client';
import { diffLibrary } from '../stats/library-diff';
import { writeDocuments, type WriteResult } from './ingest.phase';
import type { PhaseCost } from './edit-workload.phase';

/** The documents a library should hold now, by id (edits replace, deletes remove). */
export type CorpusState = Map<string, BenchDocument>;

/**
 * Applies one workload (put or delete) to a running service, waits until it is applied, then
 * compares the stored library with a fresh chunking of the expected documents.
 */
export async function applyAndVerify(
  service: RunningService,
  chunker: Chunker,
  state: CorpusState,
  phase: string,
  documents: readonly BenchDocument[],
  options: { kind: 'put' | 'delete'; concurrency: number; deadlineMs: number },
): Promise<{ cost: PhaseCost; write: WriteResult }> {
  const client = new RaglineClient(service.baseUrl);
  const write = await writeDocuments(client, documents, options);
  for (const document of documents) {
    if (options.kind === 'delete') state.delete(document.id);
    else state.set(document.id, document);
  }
  const expected = await expectedChunks(chunker, [...state.values()]);
  const diff = diffLibrary(expected, await readLibrary(service.dataDir));
  return {
    write,
    cost: {
      phase,
      documents: documents.length,
      wallMs: write.wallMs,
      textsEmbedded: write.outcomes.chunksEmbedded,
      stale: diff.stale,
      missing: diff.missing,
      expectedChunks: diff.expectedChunks,
    },
  };
}

/** Chunk count of the documents, by a fresh chunking. */
export async function chunkCount(
  chunker: Chunker,
  documents: Iterable<BenchDocument>,
): Promise<number> {
  let total = 0;
  for (const document of documents) total += (await chunker.split(renderDocument(document))).length;
  return total;
}
