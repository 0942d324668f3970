import { Chunker } from '@ragline/chunking';
import { pointId, type ChunkPoint } from '@ragline/vector-store';
import { renderDocument, type BenchDocument } from './corpus-generator';

/** Ragline's defaults (CHUNK_SIZE_TOKENS, CHUNK_OVERLAP_TOKENS): the bench chunks as the worker does. */
export function benchChunker(): Chunker {
  return new Chunker({ chunkSizeTokens: 256, chunkOverlapTokens: 32 });
}

/** Chunk texts of each document, as a fresh chunking gives them: what a library should hold. */
export async function expectedChunks(
  chunker: Chunker,
  documents: readonly BenchDocument[],
): Promise<Map<string, string[]>> {
  const expected = new Map<string, string[]>();
  for (const document of documents) {
    const chunks = await chunker.split(renderDocument(document));
    expected.set(
      document.id,
      chunks.map((chunk) => chunk.text),
    );
  }
  return expected;
}

/**
 * The points the worker would write to the embedded store for each document (same ids and
 * vectors; no BM25 sparse vectors, since that store ranks text with its own full-text index),
 * computed up front so the store ceiling times the store alone.
 */
export async function preparePoints(
  chunker: Chunker,
  embed: (texts: string[]) => Promise<number[][]>,
  library: string,
  documents: readonly BenchDocument[],
): Promise<ChunkPoint[][]> {
  const result: ChunkPoint[][] = [];
  for (const document of documents) {
    const chunks = await chunker.split(renderDocument(document));
    const vectors = await embed(chunks.map((chunk) => chunk.text));
    const seen = new Map<string, number>();
    result.push(
      chunks.map((chunk, i) => {
        const occurrence = seen.get(chunk.contentHash) ?? 0;
        seen.set(chunk.contentHash, occurrence + 1);
        return {
          id: pointId(library, document.id, chunk.contentHash, occurrence),
          documentId: document.id,
          chunkIndex: chunk.index,
          text: chunk.text,
          contentHash: chunk.contentHash,
          version: 1,
          title: document.title,
          source: 'api',
          metadata: {},
          acl: ['*'],
          vector: vectors[i],
        };
      }),
    );
  }
  return result;
}
