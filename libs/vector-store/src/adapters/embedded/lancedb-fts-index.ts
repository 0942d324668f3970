import { Index, type Table } from '@lancedb/lancedb';
import { isAlreadyExists, isCommitConflict } from './lancedb-errors';

/** English BM25 over `text`: lowercase, Porter-style stemming, stop words removed. */
const ftsIndex = (): Index =>
  Index.fts({
    baseTokenizer: 'simple',
    language: 'English',
    lowercase: true,
    stem: true,
    removeStopWords: true,
    asciiFolding: true,
    withPosition: false,
  });

/**
 * Creates the full-text index unless present; a concurrent creator's index counts as present.
 * Rows written after it was built are still searched (LanceDB scans unindexed fragments), and
 * `optimize()` folds them into the index.
 */
export async function ensureFtsIndex(table: Table): Promise<void> {
  // Two processes starting together both try; the loser's commit conflicts, and a fresh look
  // then finds the winner's index. Bounded, since a conflict can also come from a busy writer.
  for (let attempt = 1; ; attempt++) {
    const indices = await table.listIndices();
    if (indices.some((index) => index.columns.includes('text'))) return;
    try {
      await table.createIndex('text', { config: ftsIndex(), replace: false });
      return;
    } catch (error) {
      if (isAlreadyExists(error)) return;
      if (!isCommitConflict(error) || attempt >= 5) throw error;
    }
  }
}
