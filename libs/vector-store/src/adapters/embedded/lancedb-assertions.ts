import { ErrorCode, RaglineError } from '@ragline/errors';
import { StoreRequestRejectedError } from '../../vector-store.errors';
import type { ChunkPoint, LibrarySpec } from '../../vector-store.port';
import { isValidLibraryName, specDifferences, specRecord, type SpecRecord } from './lancedb-schema';

/** Input checks done before touching LanceDB, so bad requests fail clearly and write nothing. */
export function assertSameSpec(wanted: LibrarySpec, version: number, stored: SpecRecord): void {
  const diffs = specDifferences(stored, specRecord(wanted));
  if (diffs.length === 0) return;
  throw new RaglineError(
    ErrorCode.EmbedderMismatch,
    `Library "${wanted.name}" version ${version} was built with a different embedding setup (stored vs configured: ${diffs.join('; ')}). Reindex the library into a new version, or configure the embedder it was built with.`,
    {
      retryable: false,
      details: { library: wanted.name, version, stored, wanted: specRecord(wanted) },
    },
  );
}

export function assertLibraryName(name: string): void {
  if (!isValidLibraryName(name)) {
    throw new StoreRequestRejectedError(
      `Library name "${name}" is invalid: use letters, digits and _, starting with a letter (max 64).`,
      { field: 'library' },
    );
  }
}

export function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new StoreRequestRejectedError(`A library version is a positive integer, got ${version}.`);
  }
}

export function assertPoints(
  documentId: string,
  points: readonly ChunkPoint[],
  spec: SpecRecord,
): void {
  const ids = new Set<string>();
  for (const point of points) {
    if (point.documentId !== documentId) {
      throw new StoreRequestRejectedError(
        `Point ${point.id} belongs to document "${point.documentId}", not "${documentId}".`,
      );
    }
    if (point.vector.length !== spec.dense.size) {
      throw new StoreRequestRejectedError(
        `Point ${point.id} has a ${point.vector.length}-dimension vector; the library stores ${spec.dense.size}.`,
      );
    }
    if (ids.has(point.id)) throw new StoreRequestRejectedError(`Point id ${point.id} is repeated.`);
    ids.add(point.id);
  }
}
