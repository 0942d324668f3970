/**
 * A handle on a local (bare) repository for the read-only queries, and the checks that keep
 * caller-supplied object ids from being read by git as options or revision expressions.
 */
import { InvalidGitRefError } from './git.errors';
import type { RunGitOptions } from './git-cli';
import { hasControlCharacter } from './control-characters';

/** A repository on disk: a mirror's bare directory. */
export interface GitRepo {
  readonly gitDir: string;
  /** Time limit for each query; `runGit`'s default when absent. */
  readonly queryTimeoutMs?: number;
}

/** A full SHA-1 (40) or SHA-256 (64) object id. Abbreviations are refused: they can be ambiguous. */
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** Whether `value` is a full object id. */
export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}

/** Throws `InvalidGitRefError` unless `value` is a full object id. */
export function assertObjectId(value: string, field: string): void {
  if (!isObjectId(value)) {
    throw new InvalidGitRefError(
      `${field} must be a full commit or object id (40 or 64 hex)`,
      field,
    );
  }
}

/** `runGit` options for a query on `repo`: GIT_DIR is set so git never searches upwards. */
export function repoOptions(repo: GitRepo, extra: Partial<RunGitOptions> = {}): RunGitOptions {
  return {
    cwd: repo.gitDir,
    timeoutMs: repo.queryTimeoutMs,
    // Reads never need to refresh anything; this also keeps them off locks a fetch holds.
    ...extra,
    env: { GIT_DIR: repo.gitDir, GIT_OPTIONAL_LOCKS: '0', ...extra.env },
  };
}

/**
 * Throws `InvalidGitRefError` unless `branch` is a name git accepts for a branch
 * (`git check-ref-format --branch` rules) and cannot be read as an option or a revision expression.
 */
export function assertBranchName(branch: string): void {
  const problem = branchNameProblem(branch);
  if (problem) throw new InvalidGitRefError(`branch ${problem}`, 'branch');
}

function branchNameProblem(branch: string): string | undefined {
  if (branch.length === 0 || branch.length > 255) return 'must be 1-255 characters';
  if (branch.startsWith('-')) return 'must not start with "-"';
  if (hasControlCharacter(branch) || /[ ~^:?*[\\]/.test(branch)) {
    return 'must not contain spaces, control characters or ~ ^ : ? * [ \\';
  }
  if (branch.includes('..') || branch.includes('@{') || branch === '@') {
    return 'must not contain ".." or "@{" nor be "@"';
  }
  if (branch.startsWith('/') || branch.endsWith('/') || branch.includes('//')) {
    return 'must not start or end with "/" nor contain "//"';
  }
  const badPart = branch.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
  if (badPart || branch.endsWith('.')) {
    return 'parts must not start with "." or end with ".lock", and it must not end with "."';
  }
  return undefined;
}
