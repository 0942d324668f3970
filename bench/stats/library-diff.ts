/** One stored chunk as read back from a library. */
export interface StoredChunk {
  documentId: string;
  text: string;
}

export interface LibraryDiff {
  expectedChunks: number;
  storedChunks: number;
  /** Stored chunks no expected document has (old versions, deleted documents, duplicates). */
  stale: number;
  /** Expected chunks the library lacks. */
  missing: number;
  /** Documents with at least one stale or missing chunk. */
  documentsWrong: number;
}

function countTexts(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

/** Multiset difference size: how many of `a`'s items `b` does not cover. */
function uncovered(a: Map<string, number>, b: Map<string, number> | undefined): number {
  let total = 0;
  for (const [text, count] of a) total += Math.max(0, count - (b?.get(text) ?? 0));
  return total;
}

/**
 * Compares a library with a fresh chunking of the documents it should hold, per document and as
 * multisets of chunk texts (a chunk repeated within a document must be stored as often).
 */
export function diffLibrary(
  expected: ReadonlyMap<string, readonly string[]>,
  stored: readonly StoredChunk[],
): LibraryDiff {
  const storedByDocument = new Map<string, string[]>();
  for (const chunk of stored) {
    const texts = storedByDocument.get(chunk.documentId) ?? [];
    texts.push(chunk.text);
    storedByDocument.set(chunk.documentId, texts);
  }
  let stale = 0;
  let missing = 0;
  let documentsWrong = 0;
  let expectedChunks = 0;
  for (const documentId of new Set([...expected.keys(), ...storedByDocument.keys()])) {
    const want = countTexts(expected.get(documentId) ?? []);
    const have = countTexts(storedByDocument.get(documentId) ?? []);
    const documentStale = uncovered(have, want);
    const documentMissing = uncovered(want, have);
    expectedChunks += expected.get(documentId)?.length ?? 0;
    stale += documentStale;
    missing += documentMissing;
    if (documentStale + documentMissing > 0) documentsWrong++;
  }
  return { expectedChunks, storedChunks: stored.length, stale, missing, documentsWrong };
}

/**
 * Chunks whose text an edit actually changed: chunks of the new version not found among the old
 * version's chunks (as multisets). An ideal incremental indexer embeds exactly these.
 */
export function changedChunks(before: readonly string[], after: readonly string[]): number {
  return uncovered(countTexts(after), countTexts(before));
}
