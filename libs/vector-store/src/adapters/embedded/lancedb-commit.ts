import type { Table } from '@lancedb/lancedb';
import { documentIdIn } from './lancedb-filter';
import type { DocumentWrite } from './lancedb-write-batcher';

/**
 * Makes each write's rows the complete chunk set of its document, for all writes in ONE commit, so
 * a reader sees every document of the batch either before or after (never a mix within one):
 * rows are upserted by id, and the batch's documents' rows absent from the source are deleted.
 * A batch of deletes only has no source rows: a plain scoped delete is the same single commit.
 */
export async function commitDocumentSet(
  table: Table,
  writes: readonly DocumentWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const scope = documentIdIn(writes.map((write) => write.documentId));
  const rows = writes.flatMap((write) => write.rows);
  if (rows.length === 0) {
    await table.delete(scope);
    return;
  }
  await table
    .mergeInsert('id')
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .whenNotMatchedBySourceDelete({ where: scope })
    .execute(rows);
}
