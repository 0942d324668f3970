import { connect } from '@lancedb/lancedb';
import { embeddingText } from '@ragline/chunking';
import { DEFAULT_LIBRARY, DEFAULT_TENANT, storeLibraryName } from '@ragline/events';
import { LanceDbVectorStore, type ChunkPoint } from '@ragline/vector-store';
// The row layout and table names are the store's own (not exported from the lib index): reuse
// them, never copy them.
import {
  toRow,
  versionTableName,
} from '../../libs/vector-store/src/adapters/embedded/lancedb-schema';
import type { StoredChunk } from '../stats/library-diff';

/**
 * Ragline's table for the `default` library of tenant `default` at its first version (the
 * service never reindexes here).
 */
export const LIBRARY_TABLE = versionTableName(
  storeLibraryName({ tenant: DEFAULT_TENANT, library: DEFAULT_LIBRARY }),
  1,
);

/** Every stored chunk's document id and text, read straight from the LanceDB files. */
export async function readLibrary(dataDir: string, table = LIBRARY_TABLE): Promise<StoredChunk[]> {
  const db = await connect(dataDir, { readConsistencyInterval: 0 });
  try {
    const rows = await (await db.openTable(table)).query().select(['documentId', 'text']).toArray();
    return rows.map((row: Record<string, unknown>) => ({
      documentId: String(row.documentId),
      text: String(row.text),
    }));
  } finally {
    db.close();
  }
}

/** The table of a library of tenant `default` at its first version. */
export function libraryTable(library: string): string {
  return versionTableName(storeLibraryName({ tenant: DEFAULT_TENANT, library }), 1);
}

/**
 * Every stored chunk's document id and embedded text (heading path, blank line, chunk text: what
 * `fileChunkTexts` gives), read straight from the LanceDB files.
 */
export async function readEmbeddedTexts(dataDir: string, table: string): Promise<StoredChunk[]> {
  const db = await connect(dataDir, { readConsistencyInterval: 0 });
  try {
    const rows = await (
      await db.openTable(table)
    )
      .query()
      .select(['documentId', 'text', 'context'])
      .toArray();
    return rows.map((row: Record<string, unknown>) => ({
      documentId: String(row.documentId),
      text: embeddingText({
        text: String(row.text),
        context: typeof row.context === 'string' ? row.context : undefined,
      }),
    }));
  } finally {
    db.close();
  }
}

/**
 * Bulk-adds filler points to the service's table in large commits, then compacts and re-indexes,
 * so the query test runs at its target size without pushing every filler document through the
 * pipeline (whose per-document commits are the slow part; the ingest figure measures that).
 */
export async function addFillerPoints(
  dataDir: string,
  points: readonly ChunkPoint[],
): Promise<void> {
  const db = await connect(dataDir, { readConsistencyInterval: 0 });
  try {
    const table = await db.openTable(LIBRARY_TABLE);
    for (let start = 0; start < points.length; start += 5000) {
      await table.add(points.slice(start, start + 5000).map(toRow));
    }
  } finally {
    db.close();
  }
  const store = await LanceDbVectorStore.open({ dataDir });
  try {
    await store.optimize();
  } finally {
    await store.close();
  }
}
