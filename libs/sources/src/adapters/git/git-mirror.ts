/**
 * A local bare mirror of one source's branch: created on first use, fetched on each push (full
 * history, force-pushes included), and queried for diffs, trees, blobs and history.
 *
 * The remote URL in the mirror's config never holds credentials; a token is given to each fetch
 * as a `GIT_CONFIG_*` http header (see `httpAuth`), never in argv, on disk or in error messages.
 */
import { access, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GitCommandError } from './git.errors';
import { execGit, runGit, type RunGitOptions } from './git-cli';
import { type HttpAuth, httpAuth } from './git-env';
import { listFiles, type TreeFile } from './git-tree';
import { readBlobs } from './git-blobs';
import { diffCommits, type FileChange } from './git-diff';
import {
  type CommitInfo,
  commitExists,
  commitInfo,
  isAncestor,
  lastChangingCommits,
} from './git-history';
import { assertBranchName, type GitRepo, repoOptions } from './git-repo';
import { withMirrorLock } from './mirror-lock';
import { type ParsedRemoteUrl, parseRemoteUrl } from './remote-url';

export interface GitMirrorOptions {
  /** Where the bare mirror lives (created by `ensure`), e.g. `<DATA_DIR>/mirrors/<sourceId>.git`. */
  dir: string;
  /** The source's repository URL (validated by `parseRemoteUrl`; embedded credentials are split off). */
  url: string;
  branch: string;
  /** Access token for an http(s) remote; overrides one embedded in `url`. */
  token?: string;
  /** Basic-auth username sent with the token. Default `x-access-token` (GitHub; GitLab takes any). */
  tokenUsername?: string;
  /** Time limit of one fetch. Default 10 minutes. */
  fetchTimeoutMs?: number;
  /** Time limit of one query. Default 60 s. */
  queryTimeoutMs?: number;
}

/** What `git init --bare` creates: a folder holding only these may be (re)initialised. */
const BARE_LAYOUT = new Set([
  'HEAD',
  'config',
  'description',
  'hooks',
  'info',
  'objects',
  'refs',
  'branches',
  'packed-refs',
]);
const DEFAULT_FETCH_TIMEOUT_MS = 10 * 60_000;

/** One source's mirror. Cheap to construct; instances for the same `dir` share one lock. */
export class GitMirror implements GitRepo {
  readonly gitDir: string;
  readonly branch: string;
  readonly remote: ParsedRemoteUrl;
  readonly queryTimeoutMs?: number;
  private readonly fetchTimeoutMs: number;
  private readonly auth: HttpAuth;

  /** Throws `InvalidRemoteUrlError` or `InvalidGitRefError` for a URL or branch git must not see. */
  constructor(options: GitMirrorOptions) {
    this.remote = parseRemoteUrl(options.url);
    assertBranchName(options.branch);
    this.branch = options.branch;
    this.gitDir = resolve(options.dir);
    this.queryTimeoutMs = options.queryTimeoutMs;
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    const token = options.token ?? this.remote.token;
    const username = options.tokenUsername ?? this.remote.username;
    this.auth = token ? httpAuth(this.remote.url, token, username) : { config: [], secrets: [] };
  }

  /** The remote URL as stored in the mirror (no credentials): safe to log. */
  get url(): string {
    return this.remote.url;
  }

  /** Creates the bare mirror if missing and points `origin` at the current URL. Idempotent. */
  ensure(): Promise<void> {
    return withMirrorLock(this.gitDir, () => this.ensureUnlocked());
  }

  /**
   * Fetches the branch (whole history, `--force` so a rewritten history replaces the old one) and
   * returns its head commit. Fetches of one mirror run one at a time in this process; against
   * another process's fetch, git's lock files decide and a lock failure is retried once.
   */
  fetch(): Promise<string> {
    return withMirrorLock(this.gitDir, async () => {
      await this.ensureUnlocked();
      const ref = `refs/heads/${this.branch}`;
      const args = ['fetch', '--prune', '--force', '--no-tags', '--no-write-fetch-head'];
      await this.retryingLocks([
        ...args,
        '--no-recurse-submodules',
        '--quiet',
        'origin',
        `+${ref}:${ref}`,
      ]);
      const head = await runGit(
        ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`],
        repoOptions(this),
      );
      return head.toString('utf8').trim();
    });
  }

  /** Deletes the mirror from disk (after any fetch in progress here). */
  remove(): Promise<void> {
    return withMirrorLock(this.gitDir, () => rm(this.gitDir, { recursive: true, force: true }));
  }

  commitExists(sha: string): Promise<boolean> {
    return commitExists(this, sha);
  }

  isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return isAncestor(this, ancestor, descendant);
  }

  diff(fromSha: string, toSha: string): Promise<FileChange[]> {
    return diffCommits(this, fromSha, toSha);
  }

  listFiles(sha: string): Promise<TreeFile[]> {
    return listFiles(this, sha);
  }

  readBlobs(blobShas: readonly string[]): Promise<Map<string, Buffer>> {
    return readBlobs(this, blobShas);
  }

  lastChangingCommits(headSha: string, paths: readonly string[]): Promise<Map<string, string>> {
    return lastChangingCommits(this, headSha, paths);
  }

  commitInfo(sha: string): Promise<CommitInfo> {
    return commitInfo(this, sha);
  }

  private async ensureUnlocked(): Promise<void> {
    if (!(await this.isBareRepository())) await this.initialise();
    const current = await execGit(
      ['config', '--get', 'remote.origin.url'],
      repoOptions(this, { okExitCodes: [0, 1] }),
    );
    // Written only on change: `git config` takes config.lock, which a concurrent reader would hit.
    if (current.stdout.toString('utf8').trim() !== this.remote.url) {
      await runGit(['config', 'remote.origin.url', this.remote.url], repoOptions(this));
    }
  }

  private async isBareRepository(): Promise<boolean> {
    if (!(await pathExists(join(this.gitDir, 'HEAD')))) return false;
    try {
      const out = await runGit(['rev-parse', '--is-bare-repository'], repoOptions(this));
      return out.toString('utf8').trim() === 'true';
    } catch (error) {
      // Not a repository (a half-made one, say): initialise, which refuses unrelated folders.
      if (error instanceof GitCommandError) return false;
      throw error;
    }
  }

  private async initialise(): Promise<void> {
    await mkdir(this.gitDir, { recursive: true });
    const strangers = (await readdir(this.gitDir)).filter((entry) => !BARE_LAYOUT.has(entry));
    if (strangers.length > 0) {
      throw new GitCommandError(`${this.gitDir} exists and is not a git mirror; not touching it`, {
        command: 'git init',
        kind: 'other',
      });
    }
    const init = ['init', '--bare', '--quiet', `--initial-branch=${this.branch}`, this.gitDir];
    await runGit(init, { cwd: dirname(this.gitDir) });
    // gc must not detach: a background gc would outlive the fetch, holding locks and files.
    await runGit(['config', 'gc.autoDetach', 'false'], repoOptions(this));
  }

  private async retryingLocks(args: readonly string[]): Promise<void> {
    const options: RunGitOptions = repoOptions(this, {
      config: this.auth.config,
      secrets: this.auth.secrets,
      timeoutMs: this.fetchTimeoutMs,
    });
    try {
      await runGit(args, options);
    } catch (error) {
      if (!(error instanceof GitCommandError) || error.kind !== 'lock') throw error;
      // Another process holds the lock; its fetch is short. A jittered pause, then one more try.
      await new Promise((done) => setTimeout(done, 100 + Math.random() * 400));
      await runGit(args, options);
    }
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
