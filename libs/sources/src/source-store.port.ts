import type { LibraryRef } from '@ragline/events';
import type { Source, SyncRun } from './source';

/** The files of a source as last applied: path → git blob id. */
export type SourceFiles = Map<string, string>;
/** The commit each applied file cites: path → commit id. */
export type SourceCitations = Map<string, string>;

/** Sources, their sync runs, delivery dedupe and what each source last applied. */
export interface SourceStore {
  /** @throws SourceExistsError */
  create(source: Source): Promise<void>;
  get(library: LibraryRef, id: string): Promise<Source | undefined>;
  /** Finds a source by id alone (webhooks name only the source). */
  find(id: string): Promise<Source | undefined>;
  list(library: LibraryRef): Promise<Source[]>;
  update(source: Source): Promise<void>;
  /** Forgets the source, its runs and its state. */
  remove(source: Source): Promise<void>;

  /** Records a delivery id; false when it was seen before (a redelivery). */
  markDelivery(source: Source, deliveryId: string): Promise<boolean>;

  saveRun(source: Source, run: SyncRun): Promise<void>;
  getRun(source: Source, runId: string): Promise<SyncRun | undefined>;
  /** Newest first. */
  listRuns(source: Source, limit: number): Promise<SyncRun[]>;
  /** Puts a run on the source's waiting list (its job is queued by the caller). */
  queueRun(source: Source, run: SyncRun): Promise<void>;
  /**
   * The runs the next sync serves, oldest first: runs a crashed or failed sync left claimed, then
   * the waiting ones (now claimed too). They stay claimed until `releaseRuns`.
   */
  claimRuns(source: Source): Promise<SyncRun[]>;
  releaseRuns(source: Source): Promise<void>;

  /** The commit the library was last brought to, the files it then held and what they cite. */
  getState(
    source: Source,
  ): Promise<{ commit?: string; files: SourceFiles; citations: SourceCitations }>;
  /** Replaces the state after a sync applied: the new head and the file changes. */
  saveState(
    source: Source,
    commit: string,
    changes: { set: Array<[path: string, blob: string, cites: string]>; removed: string[] },
  ): Promise<void>;
}

export const SOURCE_STORE = Symbol('SOURCE_STORE');
