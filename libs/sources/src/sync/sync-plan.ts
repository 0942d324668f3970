import type { SourceFiles } from '../source-store.port';

/** The git facts a plan is made of (what the git adapter reports). */
export interface ChangedFile {
  op: 'add' | 'modify' | 'delete' | 'rename';
  path: string;
  from?: string;
  blob?: string;
}
export interface ListedFile {
  path: string;
  blob: string;
}

export interface PlannedUpsert {
  path: string;
  blob: string;
  /** How the sync run counts it; `refreshed`: same text, a new citation (history was rewritten). */
  change: 'added' | 'modified' | 'renamed' | 'refreshed';
}

/** What a sync would do to the library: upserts (file content at a blob) and deletes (paths). */
export interface SyncPlan {
  upserts: PlannedUpsert[];
  deletes: string[];
  /** Deletes that are the old side of a rename (counted as renames, not deletes). */
  renamedFrom: Set<string>;
  /** Files looked at (those the include/exclude globs admit). */
  scanned: number;
  unchanged: number;
  renamed: number;
  /** A scan's files whose content is as applied (their citation may still need a refresh). */
  unchangedFiles: ListedFile[];
}

/**
 * The plan of an incremental sync from a diff of the last applied commit to the new head. A
 * rename is a delete of the old document and an upsert of the new; globs decide each side alone
 * (moving a file out of the included tree deletes it, into it adds it).
 */
export function planFromDiff(
  changes: readonly ChangedFile[],
  included: (path: string) => boolean,
  known: SourceFiles,
): SyncPlan {
  const plan: SyncPlan = emptyPlan();
  for (const change of changes) {
    const from = change.op === 'rename' ? change.from : undefined;
    const wanted = change.op !== 'delete' && included(change.path);
    if (wanted || (from !== undefined && known.has(from)) || known.has(change.path)) plan.scanned++;
    if (from !== undefined && known.has(from)) plan.deletes.push(from);
    if (change.op === 'delete') {
      if (known.has(change.path)) plan.deletes.push(change.path);
      continue;
    }
    if (!wanted) {
      // Still a known document but no longer included (the globs changed elsewhere): remove it.
      if (known.has(change.path)) plan.deletes.push(change.path);
      continue;
    }
    const blob = change.blob ?? '';
    if (known.get(change.path) === blob) {
      plan.unchanged++;
      continue;
    }
    const renamed = from !== undefined && known.has(from);
    if (renamed) {
      plan.renamed++;
      plan.renamedFrom.add(from);
    }
    plan.upserts.push({
      path: change.path,
      blob,
      change: renamed ? 'renamed' : known.has(change.path) ? 'modified' : 'added',
    });
  }
  return plan;
}

/**
 * The plan of a full scan: the head's included files against what the source last applied. New
 * paths are added, changed blobs modified, known paths the head no longer holds deleted.
 */
export function planFromTree(
  files: readonly ListedFile[],
  included: (path: string) => boolean,
  known: SourceFiles,
): SyncPlan {
  const plan: SyncPlan = emptyPlan();
  const seen = new Set<string>();
  for (const file of files) {
    if (!included(file.path)) continue;
    plan.scanned++;
    seen.add(file.path);
    const before = known.get(file.path);
    if (before === file.blob) {
      plan.unchanged++;
      plan.unchangedFiles.push(file);
    } else plan.upserts.push({ ...file, change: before === undefined ? 'added' : 'modified' });
  }
  for (const path of known.keys()) if (!seen.has(path)) plan.deletes.push(path);
  return plan;
}

function emptyPlan(): SyncPlan {
  return {
    upserts: [],
    deletes: [],
    renamedFrom: new Set(),
    scanned: 0,
    unchanged: 0,
    renamed: 0,
    unchangedFiles: [],
  };
}

export interface DeleteGuardVerdict {
  allowed: boolean;
  reason?: string;
}

/**
 * The backstop against a listing that came back short: a sweep that would delete every document,
 * or more than `share` of them, deletes nothing until a person confirms it.
 */
export function deleteGuard(plan: SyncPlan, known: number, share: number): DeleteGuardVerdict {
  if (plan.deletes.length === 0) return { allowed: true };
  if (plan.scanned === 0) {
    return {
      allowed: false,
      reason: `the head's listing holds no included file; the sweep would delete all ${known} documents`,
    };
  }
  if (plan.deletes.length > share * known) {
    return {
      allowed: false,
      reason: `the sweep would delete ${plan.deletes.length} of ${known} documents (more than ${Math.round(share * 100)}%)`,
    };
  }
  return { allowed: true };
}
