import type { LibraryRef, Metadata } from '@ragline/events';

/** Where a git source's pushes come from: decides the webhook route and the citation links. */
export type SourceProvider = 'github' | 'gitlab' | 'git';

/** A repository whose files a library follows. */
export interface Source extends LibraryRef {
  id: string;
  kind: 'git';
  /** The remote, without credentials. */
  url: string;
  branch: string;
  include: string[];
  exclude: string[];
  /** Added to every document of the source (its own keys win over these). */
  metadata: Metadata;
  provider: SourceProvider;
  /** Minutes between reconcile sweeps (a full listing of the head); 0: only on demand. */
  reconcileMinutes: number;
  /** A sweep that would delete more than this share of the source's documents asks first. */
  deleteGuardShare: number;
  status: 'active' | 'deleting';
  createdAt: number;
  /** Encrypted (see SecretBox); never returned, never logged. */
  webhookSecret?: string;
  token?: string;
}

/** What a client sees of a source: secrets only as presence flags. */
export interface SourceView extends Omit<Source, 'webhookSecret' | 'token'> {
  hasWebhookSecret: boolean;
  hasToken: boolean;
  lastSync?: SyncRun;
}

export type SyncStatus = 'queued' | 'running' | 'completed' | 'failed' | 'needs-confirmation';
export type SyncTrigger =
  | 'created'
  | 'push'
  | 'reconcile'
  | 'manual'
  | 'confirm'
  | 'updated'
  /** A reindex that names the source sweeps it when it starts. */
  | 'reindex';

export interface SyncCounts {
  scanned: number;
  added: number;
  modified: number;
  deleted: number;
  renamed: number;
  unchanged: number;
  failed: number;
  /** Binary files (not UTF-8 text) the include globs matched: skipped, counted. */
  skipped: number;
}

/** A sweep's would-be changes, kept when the delete guard stops it. */
export interface SyncPlanSummary {
  upserts: number;
  deletes: number;
  /** The first paths of each kind (at most 200), for a person to judge. */
  samplePaths: { upserts: string[]; deletes: string[] };
  /** Documents of the source before the sweep. */
  known: number;
}

/** One sync of a source: a push, a sweep, a manual run or a confirmation. */
export interface SyncRun {
  id: string;
  sourceId: string;
  trigger: SyncTrigger;
  status: SyncStatus;
  /** The push's range, as GitHub/GitLab sent it. */
  requested?: { before?: string; after?: string; deliveryId?: string };
  /** What was applied: the last synced commit and the head it was brought to. */
  fromCommit?: string;
  toCommit?: string;
  /** `diff` (before..after) or `scan` (the head's whole tree). */
  mode?: 'diff' | 'scan';
  counts: SyncCounts;
  /** Why it failed, or needs confirmation: git's message without credentials. */
  error?: string;
  /** First per-file failures: path and reason. */
  failures: Array<{ path: string; reason: string }>;
  plan?: SyncPlanSummary;
  /** Another run this one was folded into (pushes that arrived while one was queued). */
  coalescedInto?: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
}

export const EMPTY_COUNTS: SyncCounts = Object.freeze({
  scanned: 0,
  added: 0,
  modified: 0,
  deleted: 0,
  renamed: 0,
  unchanged: 0,
  failed: 0,
  skipped: 0,
});
