import type { LibraryRef } from '@ragline/events';
import type { Comparison, RebuildOutcome, ReindexRun, ReindexStatus } from './reindex-run';

/** What a transition may set besides the status. */
export interface RunPatch {
  startedAt?: number;
  builtAt?: number;
  finishedAt?: number;
  swappedAt?: number;
  message?: string;
  comparison?: Comparison;
  scanned?: number;
}

/** The result of a start: the new run, the run an Idempotency-Key already started, or the blocker. */
export type StartResult =
  | { kind: 'created'; run: ReindexRun }
  | { kind: 'replayed'; run: ReindexRun }
  | { kind: 'busy'; runningId: string }
  | { kind: 'key-reused'; firstRunId: string };

/**
 * Reindex runs per library. Every transition is one atomic step, so racing API processes and
 * workers (cancel during a swap, two starts at once) cannot both win.
 */
export interface ReindexStore {
  /**
   * Records a new run unless another run of the library is active. With an idempotency key, a
   * repeat of the same request returns the first run; another request with the key is refused.
   */
  create(run: ReindexRun, idempotency?: { key: string; fingerprint: string }): Promise<StartResult>;
  get(library: LibraryRef, id: string): Promise<ReindexRun | undefined>;
  /** Newest first. */
  list(library: LibraryRef, limit: number): Promise<ReindexRun[]>;
  /** The run holding the library's build slot, if any. */
  active(library: LibraryRef): Promise<string | undefined>;
  /**
   * Moves the run to `to` if its status is one of `from`; else returns the status it has. A run
   * reaching a final status frees the library's build slot.
   */
  transition(
    library: LibraryRef,
    id: string,
    from: readonly ReindexStatus[],
    to: ReindexStatus,
    patch?: RunPatch,
  ): Promise<{ ok: true } | { ok: false; status: ReindexStatus | undefined }>;
  /** Records what the run did with a document; idempotent (a retried batch counts nothing twice). */
  recordOutcome(
    library: LibraryRef,
    id: string,
    documentId: string,
    outcome: RebuildOutcome,
    detail: { embedded: number; message?: string },
  ): Promise<void>;
}

export const REINDEX_STORE = Symbol('REINDEX_STORE');
