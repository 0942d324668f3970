import type { RetrievedChunk, RetrievedPassage } from './retrieval.types';

/**
 * Joins chunks of one document that were retrieved together and sit next to each other
 * (chunkIndex n, n+1, ...) into one passage: text without the overlap the chunker repeats at the
 * border, the best score, every chunk id. The passage takes the rank of its best chunk; other
 * results keep their order.
 */
export function mergeAdjacentChunks(chunks: RetrievedChunk[]): RetrievedPassage[] {
  const byDocument = new Map<string, RetrievedChunk[]>();
  for (const chunk of chunks) {
    const list = byDocument.get(chunk.documentId) ?? [];
    list.push(chunk);
    byDocument.set(chunk.documentId, list);
  }
  const passageOf = new Map<RetrievedChunk, RetrievedPassage>();
  for (const list of byDocument.values()) {
    const ordered = [...list].sort((a, b) => a.chunkIndex - b.chunkIndex);
    let run: RetrievedChunk[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const passage = joinRun(run);
      for (const chunk of run) passageOf.set(chunk, passage);
      run = [];
    };
    for (const chunk of ordered) {
      const last = run[run.length - 1];
      // Same index twice (two versions mid-update on a store without atomic swaps): keep one.
      if (last && chunk.chunkIndex === last.chunkIndex) continue;
      if (last && chunk.chunkIndex !== last.chunkIndex + 1) flush();
      run.push(chunk);
    }
    flush();
  }
  const seen = new Set<RetrievedPassage>();
  const passages: RetrievedPassage[] = [];
  // Input is best first, so the first chunk met of each passage is its best.
  for (const chunk of chunks) {
    const passage = passageOf.get(chunk);
    if (passage && !seen.has(passage)) {
      seen.add(passage);
      passages.push(passage);
    }
  }
  return passages;
}

function joinRun(run: RetrievedChunk[]): RetrievedPassage {
  const best = run.reduce((a, b) => (b.score > a.score ? b : a));
  const text = run
    .slice(1)
    .reduce((joined, chunk) => joinWithoutOverlap(joined, chunk.text), run[0].text);
  return {
    ...best,
    chunkId: run[0].chunkId,
    chunkIndex: run[0].chunkIndex,
    text,
    chunkIds: run.map((chunk) => chunk.chunkId),
    chunkIndexes: run.map((chunk) => chunk.chunkIndex),
  };
}

/** Shortest overlap taken as real: shorter matches ("a", "the ") are coincidences, not overlap. */
const MIN_OVERLAP_CHARS = 8;

/**
 * `left` + `right` minus the longest suffix of `left` that starts `right` (the chunker's overlap,
 * CHUNK_OVERLAP_TOKENS long). Without one, the chunks met at a separator the chunker trimmed away:
 * a sentence separator it kept at the start of `right` (". Next") joins directly, else a newline.
 */
export function joinWithoutOverlap(left: string, right: string): string {
  const longest = Math.min(left.length, right.length);
  for (let size = longest; size >= MIN_OVERLAP_CHARS; size--) {
    if (left.endsWith(right.slice(0, size))) return left + right.slice(size);
  }
  return /^[.,;:!?)\]]/.test(right) ? left + right : `${left}\n${right}`;
}
