/**
 * What changed between two commits, as the sync applies it: adds, modifies, deletes and renames of
 * regular files. Symlinks and submodules are not documents: a file that becomes one is a delete, one
 * that becomes a file is an add.
 */
import { GitCommandError } from './git.errors';
import { runGit } from './git-cli';
import { assertObjectId, type GitRepo, repoOptions } from './git-repo';
import { isRegularFileMode, nulFields } from './nul-fields';

export type FileChangeOp = 'add' | 'modify' | 'delete' | 'rename';

/** One file's change. `blob` is the new content (absent for a delete); `from` the old path of a rename. */
export interface FileChange {
  op: FileChangeOp;
  path: string;
  from?: string;
  blob?: string;
}

/**
 * The changes from `fromSha` to `toSha` (any two commits; `fromSha` need not be an ancestor).
 * Renames use git's default 50% similarity, so a renamed and edited file is still one rename. Past
 * git's rename limit (1000 candidates) renames come out as a delete and an add, which is still a
 * correct change set. The caller applies its file filter to `path` and `from` separately.
 */
export async function diffCommits(
  repo: GitRepo,
  fromSha: string,
  toSha: string,
): Promise<FileChange[]> {
  assertObjectId(fromSha, 'fromSha');
  assertObjectId(toSha, 'toSha');
  // diff-tree is plumbing: its output does not follow diff.* config, and --raw carries the modes.
  const args = ['diff-tree', '-r', '-z', '-M', '--raw', '--no-abbrev', '--no-commit-id'];
  const output = await runGit([...args, fromSha, toSha, '--'], repoOptions(repo));
  return parseRawDiff(nulFields(output));
}

/** Parses `git diff-tree -r -z --raw` fields: `:<old mode> <new mode> <old> <new> <status>`, paths. */
export function parseRawDiff(fields: readonly string[]): FileChange[] {
  const changes: FileChange[] = [];
  let index = 0;
  while (index < fields.length) {
    const meta = fields[index];
    const [oldMode, newMode, , newBlob, status] = meta.replace(/^:/, '').split(' ');
    const letter = status?.charAt(0) ?? '';
    const twoPaths = letter === 'R' || letter === 'C';
    const from = fields[index + 1];
    const path = twoPaths ? fields[index + 2] : from;
    index += twoPaths ? 3 : 2;
    if (!meta.startsWith(':') || path === undefined) {
      throw new GitCommandError(`git diff-tree printed an unexpected line: ${meta.slice(0, 80)}`, {
        command: 'git diff-tree',
        kind: 'other',
      });
    }
    const change = toChange(letter, isRegularFileMode(oldMode), isRegularFileMode(newMode), {
      path,
      from,
      blob: newBlob,
    });
    if (change) changes.push(change);
  }
  return changes;
}

function toChange(
  letter: string,
  wasFile: boolean,
  isFile: boolean,
  entry: { path: string; from: string; blob: string },
): FileChange | undefined {
  const { path, from, blob } = entry;
  switch (letter) {
    case 'A':
    case 'C':
      return isFile ? { op: 'add', path, blob } : undefined;
    case 'D':
      return wasFile ? { op: 'delete', path } : undefined;
    case 'M':
    case 'T':
      if (wasFile && isFile) return { op: 'modify', path, blob };
      if (wasFile) return { op: 'delete', path };
      return isFile ? { op: 'add', path, blob } : undefined;
    case 'R':
      if (wasFile && isFile) return { op: 'rename', path, from, blob };
      if (wasFile) return { op: 'delete', path: from };
      return isFile ? { op: 'add', path, blob } : undefined;
    default:
      throw new GitCommandError(`git diff-tree printed an unknown status '${letter}'`, {
        command: 'git diff-tree',
        kind: 'other',
      });
  }
}
