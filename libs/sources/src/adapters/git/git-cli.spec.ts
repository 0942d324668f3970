import { existsSync, readFileSync } from 'node:fs';
import { GitCommandError } from './git.errors';
import { execGit, runGit, streamGit } from './git-cli';
import { gitEnvironment } from './git-env';
import { WorkRepo } from './testing/work-repo';

/** Resolves once `pid` is gone (killed and reaped), or fails after `ms`. */
async function waitForExit(pid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`process ${pid} still runs after ${ms} ms`);
}

describe('runGit', () => {
  let work: WorkRepo;

  beforeEach(() => {
    work = WorkRepo.create();
    work.commit({ 'a.md': 'a\n' });
  });
  afterEach(() => work.cleanup());

  it('returns stdout', async () => {
    const out = await runGit(['rev-parse', 'HEAD'], { cwd: work.dir });
    expect(out.toString().trim()).toBe(work.head());
  });

  it('runs without prompts, pager, locale or the user and system config', () => {
    const env = gitEnvironment();
    expect(env).toMatchObject({
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PAGER: 'cat',
    });
    expect(env.GIT_ASKPASS).toBeUndefined();
    expect(env.SSH_ASKPASS).toBeUndefined();
  });

  it('does not inherit GIT_* variables of the parent (a git hook running the tests)', async () => {
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = work.path('elsewhere.git');
    try {
      const out = await runGit(['rev-parse', '--show-toplevel'], { cwd: work.dir });
      expect(out.toString().trim()).toBe(work.dir);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  it('passes config through the environment, not argv', async () => {
    const out = await runGit(['config', '--get', 'ragline.probe'], {
      cwd: work.dir,
      config: [['ragline.probe', 'from-env']],
    });
    expect(out.toString().trim()).toBe('from-env');
  });

  it('fails with git stderr first line as a typed error, and scrubs named secrets', async () => {
    const error = await runGit(['show', 'tok_0123456789abcdef'], {
      cwd: work.dir,
      secrets: ['tok_0123456789abcdef'],
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).message).toBe(
      "git show failed: fatal: ambiguous argument '***': unknown revision or path not in the working tree.",
    );
    expect(error).toMatchObject({ exitCode: 128, kind: 'other', retryable: false });
  });

  it('treats okExitCodes as answers', async () => {
    const result = await execGit(['diff', '--quiet', 'HEAD'], {
      cwd: work.dir,
      okExitCodes: [0, 1],
    });
    expect(result.exitCode).toBe(0);
  });

  it('kills git and the processes it started when the time limit passes', async () => {
    const pidFile = work.path('child.pid');
    // A shell alias runs under git: it records its pid, then becomes a 30 s sleep.
    const alias = `!echo $$ > '${pidFile}'; exec sleep 30`;
    const started = Date.now();
    const error = await runGit(['-c', `alias.linger=${alias}`, 'linger'], {
      cwd: work.dir,
      timeoutMs: 500,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect((error as Error).message).toBe('git linger timed out after 500 ms');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(existsSync(pidFile)).toBe(true);
    await waitForExit(Number(readFileSync(pidFile, 'utf8')), 2000);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const run = runGit(['-c', 'alias.linger=!exec sleep 30', 'linger'], {
      cwd: work.dir,
      signal: controller.signal,
    });
    controller.abort();
    await expect(run).rejects.toThrow('was cancelled');
  });

  it('fails clearly when the working folder does not exist', async () => {
    await expect(runGit(['status'], { cwd: work.path('missing') })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('refuses output beyond maxBuffer', async () => {
    await expect(
      runGit(['cat-file', '-p', 'HEAD'], { cwd: work.dir, maxBuffer: 10 }),
    ).rejects.toThrow('wrote more than 10 bytes');
  });
});

describe('streamGit', () => {
  it('hands output over as it comes and stops git when asked', async () => {
    const work = WorkRepo.create();
    try {
      for (let i = 0; i < 30; i += 1) work.commit({ [`f${i}.md`]: `${i}\n` });
      let chunks = 0;
      await streamGit(['log', '--format=%H'], { cwd: work.dir }, () => {
        chunks += 1;
        return 'stop';
      });
      expect(chunks).toBe(1);
    } finally {
      work.cleanup();
    }
  });
});
