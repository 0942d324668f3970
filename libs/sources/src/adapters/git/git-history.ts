/** Questions about commits: does one exist, is it an ancestor, when was it made, who last changed a path. */
import { GitCommandError } from './git.errors';
import { execGit, runGit, streamGit } from './git-cli';
import { assertObjectId, type GitRepo, isObjectId, repoOptions } from './git-repo';

/** A commit's id, committer time (ms since the epoch) and subject line. */
export interface CommitInfo {
  sha: string;
  committedAt: number;
  subject: string;
}

/** Whether `sha` names a commit in the repository. Anything not a full id (all zeros too) is false. */
export async function commitExists(repo: GitRepo, sha: string): Promise<boolean> {
  if (!isObjectId(sha) || /^0+$/.test(sha)) return false;
  const { exitCode } = await execGit(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`],
    repoOptions(repo, { okExitCodes: [0, 1] }),
  );
  return exitCode === 0;
}

/**
 * Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor). After a
 * force-push the old head is not. Both must exist: check with `commitExists` first.
 */
export async function isAncestor(
  repo: GitRepo,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  assertObjectId(ancestor, 'ancestor');
  assertObjectId(descendant, 'descendant');
  const { exitCode } = await execGit(
    ['merge-base', '--is-ancestor', ancestor, descendant],
    repoOptions(repo, { okExitCodes: [0, 1] }),
  );
  return exitCode === 0;
}

/** The id, committer time and subject of commit `sha`. */
export async function commitInfo(repo: GitRepo, sha: string): Promise<CommitInfo> {
  assertObjectId(sha, 'sha');
  const output = await runGit(
    ['log', '-1', '--no-show-signature', '--format=%H%x00%ct%x00%s', sha, '--'],
    repoOptions(repo),
  );
  const [id, seconds, subject] = output.toString('utf8').replace(/\n$/, '').split('\0');
  if (subject === undefined) {
    throw new GitCommandError(`git log printed no commit for ${sha}`, {
      command: 'git log',
      kind: 'other',
    });
  }
  return { sha: id, committedAt: Number(seconds) * 1000, subject };
}

/** Marks a commit in the history walk; paths cannot start with it in practice (two control bytes). */
const COMMIT_MARK = '\x01\x02';

/**
 * For each of `paths`, the newest commit on the first-parent history of `headSha` that changed it.
 * A merge counts as changing what it brought in relative to its first parent; a rename counts for
 * the path it created. One walk, stopped as soon as every path is found; paths never changed there
 * (not in the history) are absent from the result.
 */
export async function lastChangingCommits(
  repo: GitRepo,
  headSha: string,
  paths: readonly string[],
): Promise<Map<string, string>> {
  assertObjectId(headSha, 'headSha');
  const pending = new Set(paths);
  const found = new Map<string, string>();
  if (pending.size === 0) return found;
  // --no-renames: a rename shows as old and new path, and the new one is what we look for.
  // --first-parent implies --diff-merges=first-parent, so merges list their first-parent diff.
  const args = ['log', '--first-parent', '--no-renames', '--name-only', '-z'];
  let commit: string | undefined;
  let firstPathOfCommit = false;
  let rest = Buffer.alloc(0);
  const take = (field: string): void => {
    if (field.startsWith(COMMIT_MARK)) {
      commit = field.slice(COMMIT_MARK.length);
      firstPathOfCommit = true;
      return;
    }
    // git puts a newline between a commit's header and its first path.
    const path = firstPathOfCommit && field.startsWith('\n') ? field.slice(1) : field;
    firstPathOfCommit = false;
    if (commit !== undefined && pending.delete(path)) found.set(path, commit);
  };
  await streamGit(
    [...args, `--format=${COMMIT_MARK}%H`, headSha, '--'],
    repoOptions(repo),
    (chunk) => {
      let buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      for (let end = buffer.indexOf(0); end !== -1; end = buffer.indexOf(0)) {
        take(buffer.toString('utf8', 0, end));
        buffer = buffer.subarray(end + 1);
        if (pending.size === 0) return 'stop';
      }
      rest = Buffer.from(buffer);
      return 'continue';
    },
  );
  return found;
}
