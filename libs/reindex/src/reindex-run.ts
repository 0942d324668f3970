import type { LibraryVersion } from '@ragline/catalog';
import type { LibraryRef } from '@ragline/events';

export const REINDEX_STATUSES = [
  'queued',
  'running',
  'comparing',
  'ready',
  'swapping',
  'completed',
  'failed',
  'cancelled',
  'rolled-back',
] as const;
export type ReindexStatus = (typeof REINDEX_STATUSES)[number];

/** A run in one of these holds the library's build slot: another start is refused (409). */
export const ACTIVE_STATUSES: readonly ReindexStatus[] = [
  'queued',
  'running',
  'comparing',
  'ready',
  'swapping',
];

/** `auto`: swap once built. `manual`: stop at `ready`. `if-not-worse`: swap if the check passes. */
export type SwapMode = 'auto' | 'manual' | 'if-not-worse';

/** A query and the ids of the documents that answer it. */
export interface EvalQuery {
  query: string;
  relevant: string[];
}

/** What a batch did with one document. */
export type RebuildOutcome = 'indexed' | 'unchanged' | 'deleted' | 'failed';

export interface ReindexCounts {
  /** Documents the run planned to rebuild (every id of the library when it started). */
  scanned: number;
  /** Rebuilt with at least one new embedding. */
  indexed: number;
  /** Rebuilt from reused vectors only (chunk text and embedder unchanged). */
  unchanged: number;
  /** Tombstones and documents never indexed: nothing to write. */
  deleted: number;
  failed: number;
  /** Texts sent to the embedder. */
  embedded: number;
}

export interface VersionScores {
  ndcgAt10: number;
  recallAt10: number;
}

/** The check before the swap, in GET .../reindex/:id. */
export interface Comparison {
  /** `eval-set`: scored on the run's eval set. `query-overlap`: agreement on logged queries only. */
  method: 'eval-set' | 'query-overlap' | 'none';
  queries: number;
  live?: VersionScores;
  candidate?: VersionScores;
  /** Mean share of the top-10 documents both versions return for the same query. */
  overlapAt10?: number;
  tolerance: number;
  /** True when the candidate is within `tolerance` of the live version on both measures. */
  notWorse?: boolean;
  summary: string;
}

/** One reindex run of one library, as the run store records it. */
export interface ReindexRun extends LibraryRef {
  id: string;
  status: ReindexStatus;
  swap: SwapMode;
  /** The live version when the run started, and the version it builds. */
  from: LibraryVersion;
  target: LibraryVersion;
  evalSet?: EvalQuery[];
  /**
   * Sources swept against their branch head when the run starts: their changes reach the new
   * version (and the live one) like any live change.
   */
  sources?: string[];
  tolerance: number;
  counts: ReindexCounts;
  /** The first failures, for people: document id and a safe message. */
  errors: Array<{ documentId: string; message: string }>;
  comparison?: Comparison;
  /** Why the run stopped where it did (failed, ready, cancelled). */
  message?: string;
  createdAt: number;
  startedAt?: number;
  /** When every batch was done (the rate and ETA stop there). */
  builtAt?: number;
  finishedAt?: number;
  swappedAt?: number;
}

/** The run as clients see it: counts with percent, rate and ETA, times as ISO strings. */
export function viewRun(run: ReindexRun, now = Date.now()) {
  const { counts } = run;
  const done = counts.indexed + counts.unchanged + counts.deleted + counts.failed;
  const end = run.builtAt ?? run.finishedAt ?? now;
  const elapsedSeconds = run.startedAt ? (end - run.startedAt) / 1000 : 0;
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const remaining = Math.max(0, counts.scanned - done);
  const building = run.status === 'queued' || run.status === 'running';
  return {
    id: run.id,
    library: run.library,
    status: run.status,
    swap: run.swap,
    ...(run.sources ? { sources: run.sources } : {}),
    from: run.from,
    target: run.target,
    counts,
    percent:
      counts.scanned > 0
        ? Math.min(100, Math.round((done / counts.scanned) * 1000) / 10)
        : building
          ? 0
          : 100,
    ratePerSecond: Math.round(rate * 10) / 10,
    etaSeconds: building && rate > 0 ? Math.ceil(remaining / rate) : null,
    errors: run.errors,
    ...(run.comparison ? { comparison: run.comparison } : {}),
    ...(run.message ? { message: run.message } : {}),
    createdAt: new Date(run.createdAt).toISOString(),
    startedAt: iso(run.startedAt),
    builtAt: iso(run.builtAt),
    finishedAt: iso(run.finishedAt),
    swappedAt: iso(run.swappedAt),
  };
}

function iso(epochMs: number | undefined): string | null {
  return epochMs ? new Date(epochMs).toISOString() : null;
}
