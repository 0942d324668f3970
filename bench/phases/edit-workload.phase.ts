import type { Chunker } from '@ragline/chunking';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import { changedChunks } from '../stats/library-diff';

/** Chunks whose text the edits change, from fresh chunkings of before and after (not from Ragline). */
export async function countChangedChunks(
  chunker: Chunker,
  before: ReadonlyMap<string, BenchDocument>,
  edits: readonly BenchDocument[],
): Promise<number> {
  let total = 0;
  for (const edited of edits) {
    const old = before.get(edited.id);
    const oldTexts = old ? (await chunker.split(renderDocument(old))).map((c) => c.text) : [];
    const newTexts = (await chunker.split(renderDocument(edited))).map((c) => c.text);
    total += changedChunks(oldTexts, newTexts);
  }
  return total;
}

/** The workload's result as one system saw it. */
export interface PhaseCost {
  phase: string;
  documents: number;
  wallMs: number;
  embedCalls?: number;
  textsEmbedded: number;
  stale: number;
  missing: number;
  expectedChunks: number;
}
