import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { onCleanup } from '../support/cleanup-registry';
import type { HistoryCommit, HistoryFile } from './docs-history';
import { fastImportStream } from './fast-import-stream';

const run = promisify(execFile);

/**
 * A real (bare) git repository holding the history: one commit with the base tree, then one
 * commit per exported commit with its changes, on the branch `history`, written by one
 * `git fast-import` (seconds for the 350 commits, where a commit per `git commit` took 12 s).
 * Pushes are replayed by moving other branches along it (`pointBranch`): a source following such
 * a branch sees exactly what a push to it leaves on the remote.
 */
export class HistoryRepo {
  private readonly unregister: () => void;

  private constructor(
    readonly root: string,
    readonly dir: string,
    /** The base tree's commit. */
    readonly baseCommit: string,
    /** `commits[i]` is this repository's commit for the history's commit i. */
    readonly commits: readonly string[],
  ) {
    this.unregister = onCleanup(`history repo ${root}`, () => this.remove());
  }

  /** Builds the repository in a fresh temp dir (removed by `remove()` or the cleanup registry). */
  static async build(
    base: readonly HistoryFile[],
    commits: readonly HistoryCommit[],
  ): Promise<HistoryRepo> {
    const root = mkdtempSync(join(tmpdir(), 'ragline-bench-history-'));
    const dir = join(root, 'history.git');
    try {
      await git(root, ['init', '--quiet', '--bare', '--initial-branch=history', dir]);
      await fastImport(root, dir, fastImportStream(base, commits));
      const ids = (await git(root, ['rev-list', '--reverse', '--first-parent', 'history'], dir))
        .split('\n')
        .filter((line) => line !== '');
      if (ids.length !== commits.length + 1) {
        throw new Error(`fast-import wrote ${ids.length} commits, expected ${commits.length + 1}`);
      }
      return new HistoryRepo(root, dir, ids[0], ids.slice(1));
    } catch (error) {
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** The repository as a `file://` URL, the way a source names it. */
  get url(): string {
    return pathToFileURL(this.dir).href;
  }

  /** Creates or moves `branch` to `commit`: what a push of that commit leaves on the remote. */
  async pointBranch(branch: string, commit: string): Promise<void> {
    await git(this.root, ['update-ref', `refs/heads/${branch}`, commit], this.dir);
  }

  remove(): void {
    this.unregister();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** git with a clean config (no user or system config), arguments only (no shell). */
function gitEnv(root: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: root,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
}

async function git(root: string, args: string[], gitDir?: string): Promise<string> {
  const { stdout } = await run('git', gitDir ? ['--git-dir', gitDir, ...args] : args, {
    env: gitEnv(root),
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

function fastImport(root: string, gitDir: string, stream: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitDir, 'fast-import', '--quiet', '--done'], {
      env: gitEnv(root),
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}: ${stderr}`)),
    );
    child.stdin.end(stream);
  });
}
