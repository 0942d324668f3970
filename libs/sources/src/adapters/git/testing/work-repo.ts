/**
 * Test fixture: a real working repository built with the git CLI in a temp folder, to serve as a
 * `file://` remote for a mirror. Never imported by product code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A file's new content, or null to delete it. */
export type FileEdits = Record<string, string | Buffer | null>;

export class WorkRepo {
  /** Temp folder holding the repository and anything else the test puts there (mirrors). */
  readonly root: string;
  /** The working repository. */
  readonly dir: string;
  private clock = 1_700_000_000;

  private constructor(root: string) {
    this.root = root;
    this.dir = join(root, 'work');
    mkdirSync(this.dir);
    this.git('init', '--quiet', '--initial-branch=main');
  }

  static create(): WorkRepo {
    return new WorkRepo(mkdtempSync(join(tmpdir(), 'ragline-git-')));
  }

  /** The repository as a `file://` URL. */
  get url(): string {
    return pathToFileURL(this.dir).href;
  }

  /** A path under the temp root (for mirrors and other repositories). */
  path(name: string): string {
    return join(this.root, name);
  }

  /** Runs git in the working repository with a clean config; returns trimmed stdout. */
  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      env: fixtureEnv(this.root),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .toString()
      .trim();
  }

  /** Writes and deletes files, commits everything, returns the new commit's id. */
  commit(edits: FileEdits, message = 'change'): string {
    for (const [path, content] of Object.entries(edits)) {
      const full = join(this.dir, path);
      if (content === null) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    return this.commitAll(message);
  }

  /** `git mv`, creating the destination folder first. */
  move(from: string, to: string): void {
    mkdirSync(dirname(join(this.dir, to)), { recursive: true });
    this.git('mv', from, to);
  }

  /** Commits the working tree as it is (after `git mv` and the like). */
  commitAll(message = 'change'): string {
    this.git('add', '-A');
    // Distinct, increasing commit times keep the history deterministic.
    this.clock += 60;
    const date = `@${this.clock} +0000`;
    execFileSync('git', ['commit', '--quiet', '--allow-empty', '-m', message], {
      cwd: this.dir,
      env: { ...fixtureEnv(this.root), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  /** Removes the temp folder and everything in it. */
  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function fixtureEnv(root: string): NodeJS.ProcessEnv {
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
