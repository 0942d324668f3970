import { Index, type Table } from '@lancedb/lancedb';
import { isAlreadyExists, isCommitConflict } from './lancedb-errors';

/** English BM25 over `text`: lowercase, stemming, stop words removed, accents folded. */
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

/** Indices of a version table: BM25 on `text`; B-trees on the merge key and the delete scope. */
const INDICES: readonly { column: string; config: () => Index }[] = [
  { column: 'text', config: ftsIndex },
  { column: 'id', config: () => Index.btree() },
  { column: 'documentId', config: () => Index.btree() },
];

/**
 * Creates the table's indices unless present; a concurrent creator's index counts as present.
 * Rows written after an index was built are still found (LanceDB also scans unindexed fragments);
 * `optimize()` folds them into the index, which keeps those queries fast.
 */
export async function ensureTableIndices(table: Table): Promise<void> {
  for (const { column, config } of INDICES) {
    // Two processes starting together both try; the loser's commit conflicts, and a fresh look
    // then finds the winner's index. Bounded, since a conflict can also come from a busy writer.
    for (let attempt = 1; ; attempt++) {
      const indices = await table.listIndices();
      if (indices.some((index) => index.columns.includes(column))) break;
      try {
        await table.createIndex(column, { config: config(), replace: false });
        break;
      } catch (error) {
        if (isAlreadyExists(error)) break;
        if (!isCommitConflict(error) || attempt >= 5) throw error;
      }
    }
  }
}
