/** The regular files of a commit's tree, for a full scan. */
import { GitCommandError } from './git.errors';
import { runGit } from './git-cli';
import { assertObjectId, type GitRepo, repoOptions } from './git-repo';
import { isRegularFileMode, nulFields } from './nul-fields';

/** A regular file in a tree: its path, blob id, size in bytes and mode (`100644` or `100755`). */
export interface TreeFile {
  path: string;
  blob: string;
  size: number;
  mode: string;
}

/**
 * Every regular file of commit `sha`, recursively. Submodules (160000) and symlinks (120000) are
 * left out: a symlink's "content" is its target path, and a submodule's is another repository.
 */
export async function listFiles(repo: GitRepo, sha: string): Promise<TreeFile[]> {
  assertObjectId(sha, 'sha');
  const output = await runGit(
    ['ls-tree', '-r', '-z', '--long', '--full-tree', sha],
    repoOptions(repo, { maxBuffer: 512 * 1024 * 1024 }),
  );
  return parseLsTree(nulFields(output));
}

/** Parses `git ls-tree -r -z --long` fields: `<mode> <type> <object> <size>\t<path>`. */
export function parseLsTree(fields: readonly string[]): TreeFile[] {
  const files: TreeFile[] = [];
  for (const field of fields) {
    const tab = field.indexOf('\t');
    const [mode, type, blob, size] = field.slice(0, tab).trim().split(/\s+/);
    if (tab === -1 || size === undefined) {
      throw new GitCommandError(`git ls-tree printed an unexpected line: ${field.slice(0, 80)}`, {
        command: 'git ls-tree',
        kind: 'other',
      });
    }
    if (type !== 'blob' || !isRegularFileMode(mode)) continue;
    files.push({ path: field.slice(tab + 1), blob, size: Number(size), mode });
  }
  return files;
}
