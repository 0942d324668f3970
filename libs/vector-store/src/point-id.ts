import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace of Ragline point ids (a random v4, chosen once; never change it). */
const RAGLINE_NAMESPACE = '4f1c8d2e-6b7a-4e39-9c51-2d8a7b3e6f10';

/**
 * Deterministic point id of a chunk: a UUID v5 (Qdrant accepts only UUIDs or unsigned integers)
 * of library, document, chunk content hash, and which occurrence of that content it is within the
 * document. Content, not position, keeps ids stable when a paragraph is inserted above: unchanged
 * chunks keep their points and embeddings, and a retried job rewrites the same ids (no duplicates).
 */
export function pointId(
  library: string,
  documentId: string,
  contentHash: string,
  occurrence: number,
): string {
  return uuidv5(
    `${library}\u0000${documentId}\u0000${contentHash}\u0000${occurrence}`,
    RAGLINE_NAMESPACE,
  );
}
