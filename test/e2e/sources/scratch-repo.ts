import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitRunner } from './git-runner';

/** Who made a commit and when (ISO 8601 or git's `@<seconds> +0000`). */
export interface CommitStamp {
  author?: string;
  date?: string;
  message?: string;
}

/** A file's new bytes, or null to delete it. */
export type Edits = Record<string, string | Buffer | null>;

/**
 * A working git repository in a temp folder, built with the git CLI and served to the source as a
 * `file://` remote. Every git call is asynchronous (in a small child process, see GitRunner): the
 * embedded worker shares this process and must keep running while the test commits.
 */
export class ScratchRepo {
  private clock = 1_700_000_000;
  private readonly runner = new GitRunner();

  private constructor(
    /** Temp folder holding the work tree (and anything else the test puts there). */
    readonly root: string,
    /** The work tree. */
    readonly dir: string,
  ) {}

  /** An empty repository whose first branch is `branch`. */
  static async create(branch = 'main'): Promise<ScratchRepo> {
    const root = await mkdtemp(join(tmpdir(), 'ragline-src-'));
    const repo = new ScratchRepo(root, join(root, 'work'));
    await mkdir(repo.dir);
    await repo.git('init', '--quiet', `--initial-branch=${branch}`);
    return repo;
  }

  /** The work tree as a `file://` URL. */
  get url(): string {
    return pathToFileURL(this.dir).href;
  }

  /** Runs git in the work tree with a clean configuration; returns stdout without the last newline. */
  async git(...args: string[]): Promise<string> {
    return this.gitWith({}, ...args);
  }

  async gitWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
    const stdout = await this.runner.run(args, this.dir, { ...cleanEnv(this.root), ...env });
    return stdout.replace(/\n$/, '');
  }

  /** Writes and deletes files in the work tree (no commit). */
  async write(edits: Edits): Promise<void> {
    for (const [path, content] of Object.entries(edits)) {
      const full = join(this.dir, path);
      if (content === null) {
        await rm(full, { force: true });
      } else {
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, content);
      }
    }
  }

  /** Writes `edits`, commits everything, returns the new commit's id. */
  async commit(edits: Edits, stamp: CommitStamp = {}): Promise<string> {
    await this.write(edits);
    return this.commitAll(stamp);
  }

  /** Commits the work tree as it is; distinct increasing times unless `stamp.date` says. */
  async commitAll(stamp: CommitStamp = {}): Promise<string> {
    await this.git('add', '-A');
    this.clock += 60;
    const date = stamp.date ?? `@${this.clock} +0000`;
    const who = stamp.author ?? 't';
    await this.gitWith(
      {
        GIT_AUTHOR_NAME: who,
        GIT_COMMITTER_NAME: who,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
      'commit',
      '--quiet',
      '--allow-empty',
      '--no-verify',
      '-m',
      stamp.message || 'change',
    );
    return this.head();
  }

  head(): Promise<string> {
    return this.git('rev-parse', 'HEAD');
  }

  /** The newest first-parent commit of `ref` that changed `path` (what a citation must name). */
  lastCommitOf(path: string, ref = 'HEAD'): Promise<string> {
    return this.git('log', '-1', '--first-parent', '--format=%H', ref, '--', path);
  }

  /**
   * For every path of `ref`'s tree, the newest first-parent commit that changed it (as
   * `lastCommitOf` would say, in one walk of the history).
   */
  async lastCommits(ref = 'HEAD'): Promise<Map<string, string>> {
    const files = new Set(await this.listFiles(ref));
    const out = await this.git(
      'log',
      '--first-parent',
      '--no-renames',
      '--name-only',
      '-z',
      '--format=%x01%H',
      ref,
    );
    const found = new Map<string, string>();
    let commit = '';
    for (const field of out.split('\0')) {
      const marked = field.replace(/^\n/, '');
      if (marked.startsWith('\x01')) {
        commit = marked.slice(1);
        continue;
      }
      if (files.has(marked) && !found.has(marked)) found.set(marked, commit);
    }
    return found;
  }

  /** Files of `ref`'s tree. */
  async listFiles(ref = 'HEAD'): Promise<string[]> {
    const out = await this.git('ls-tree', '-r', '-z', '--name-only', ref);
    return out.split('\0').filter((path) => path.length > 0);
  }

  async cleanup(): Promise<void> {
    await this.runner.close();
    await rm(this.root, { recursive: true, force: true });
  }
}

function cleanEnv(root: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: root,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
  };
}
