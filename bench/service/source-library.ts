import { sourceDocumentId } from '@ragline/sources';
import type { StoredChunk } from '../stats/library-diff';
import { libraryTable, readEmbeddedTexts } from './library-reader';

/**
 * A source's library read straight from its LanceDB table, each chunk's document id mapped back
 * to its file path (`<sourceId>:<path>`, as `paths` name them; an id of no known path stays as is).
 */
export async function readSourceLibrary(
  dataDir: string,
  library: string,
  sourceId: string,
  paths: readonly string[],
): Promise<StoredChunk[]> {
  const pathById = new Map(paths.map((path) => [sourceDocumentId(sourceId, path) ?? path, path]));
  return (await readEmbeddedTexts(dataDir, libraryTable(library))).map((chunk) => ({
    documentId: pathById.get(chunk.documentId) ?? chunk.documentId,
    text: chunk.text,
  }));
}
