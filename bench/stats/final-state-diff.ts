import { diffLibrary, type StoredChunk } from './library-diff';

/** How a library that replayed a history differs from the history's final tree (by file path). */
export interface FinalStateDiff {
  expectedDocuments: number;
  /** Documents with at least one stored chunk. */
  storedDocuments: number;
  /** Final files with no chunk stored. */
  missing: number;
  /** Stored documents that are not final files (deleted files still present among them). */
  extra: number;
  /** Final files stored with other text: some chunk stale (an older version's) or missing. */
  different: number;
  /** Documents that differ from the final tree: missing + extra + different. */
  differ: number;
  /** Extra documents the history deleted (a delete, or the old side of a rename). */
  deletedPresent: number;
  /** Stored chunks of final files that their final text does not have: older versions' chunks. */
  staleChunks: number;
  /** Stored chunks of extra documents. */
  extraChunks: number;
  expectedChunks: number;
  storedChunks: number;
}

/**
 * Compares a library, read back chunk by chunk, with a fresh chunking of the final tree. Every
 * `documentId` is a file path (callers map source document ids back). Chunks compare as
 * multisets per document (a text repeated in a file must be stored as often).
 *
 * @param removed paths the history deleted or renamed away that are not final files.
 */
export function diffFinalState(
  expected: ReadonlyMap<string, readonly string[]>,
  stored: readonly StoredChunk[],
  removed: ReadonlySet<string>,
): FinalStateDiff {
  const byPath = new Map<string, StoredChunk[]>();
  for (const chunk of stored) {
    const chunks = byPath.get(chunk.documentId) ?? [];
    chunks.push(chunk);
    byPath.set(chunk.documentId, chunks);
  }
  const diff: FinalStateDiff = {
    expectedDocuments: expected.size,
    storedDocuments: byPath.size,
    missing: 0,
    extra: 0,
    different: 0,
    differ: 0,
    deletedPresent: 0,
    staleChunks: 0,
    extraChunks: 0,
    expectedChunks: 0,
    storedChunks: stored.length,
  };
  for (const [path, texts] of expected) {
    diff.expectedChunks += texts.length;
    const chunks = byPath.get(path);
    if (!chunks) {
      // A file whose final text has no chunk (empty) is right when nothing is stored.
      if (texts.length > 0) diff.missing++;
      continue;
    }
    const one = diffLibrary(new Map([[path, texts]]), chunks);
    diff.staleChunks += one.stale;
    if (one.documentsWrong > 0) diff.different++;
  }
  for (const [path, chunks] of byPath) {
    if (expected.has(path)) continue;
    diff.extra++;
    diff.extraChunks += chunks.length;
    if (removed.has(path)) diff.deletedPresent++;
  }
  diff.differ = diff.missing + diff.extra + diff.different;
  return diff;
}
