/**
 * Runs the git CLI: `spawn` with an argument array (never a shell), the clean environment of
 * `gitEnvironment`, a time limit, and typed, scrubbed errors.
 *
 * Why `spawn` and not `execFile`: a fetch runs git-remote-https and index-pack under git. On a
 * timeout the whole process group is killed (the child is started `detached`, which `execFile`'s
 * options do not offer); killing git alone leaves a helper blocked on the network holding stderr
 * open, and the call would hang past its limit. `streamGit` also needs output as it arrives, to stop
 * a history walk early instead of buffering it all.
 */
import { spawn } from 'node:child_process';
import { GitCommandError } from './git.errors';
import { type GitConfigEntry, gitEnvironment } from './git-env';
import { gitFailure } from './git-failure';

export interface RunGitOptions {
  /** Working directory (for a bare mirror: the mirror itself). */
  cwd: string;
  /** Variables added to the clean environment (GIT_DIR, say). Never put credentials in argv. */
  env?: Readonly<Record<string, string>>;
  /** Config for this process only, passed as GIT_CONFIG_* variables (credentials go here). */
  config?: readonly GitConfigEntry[];
  /** Strings scrubbed from error messages besides the usual URL userinfo (the token, say). */
  secrets?: readonly string[];
  /** Kill the process and its children after this long. Default 60 s. */
  timeoutMs?: number;
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string | Buffer;
  /** Fail when stdout grows beyond this. Default 64 MiB. */
  maxBuffer?: number;
  /** Exit codes that are answers rather than failures (`merge-base --is-ancestor` exits 1 for no). */
  okExitCodes?: readonly number[];
  /** Cancels the command (kills it) when aborted. */
  signal?: AbortSignal;
}

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
}

/** What a `streamGit` consumer answers for each chunk of stdout. */
export type StreamVerdict = 'continue' | 'stop';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

/** Runs `git <args>` and returns its stdout; throws `GitCommandError` on failure. */
export async function runGit(args: readonly string[], options: RunGitOptions): Promise<Buffer> {
  return (await execGit(args, options)).stdout;
}

/** Like `runGit`, and also returns the exit code (one of `okExitCodes`). */
export function execGit(args: readonly string[], options: RunGitOptions): Promise<GitResult> {
  return launch(args, options);
}

/**
 * Runs `git <args>` and hands stdout to `onStdout` chunk by chunk; answering `'stop'` kills git
 * and resolves. Nothing is buffered here, so output may be any size.
 */
export async function streamGit(
  args: readonly string[],
  options: RunGitOptions,
  onStdout: (chunk: Buffer) => StreamVerdict,
): Promise<void> {
  await launch(args, options, onStdout);
}

type Ending = 'timeout' | 'aborted' | 'overflow' | 'stopped';

function launch(
  args: readonly string[],
  options: RunGitOptions,
  onStdout?: (chunk: Buffer) => StreamVerdict,
): Promise<GitResult> {
  const command = commandName(args);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
  const okExitCodes = options.okExitCodes ?? [0];
  const secrets = options.secrets ?? [];
  return new Promise<GitResult>((resolve, reject) => {
    const child = spawn('git', [...args], {
      cwd: options.cwd,
      env: gitEnvironment(options.config, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let ending: Ending | undefined;
    let settled = false;

    const end = (why: Ending): void => {
      if (ending) return;
      ending = why;
      killGroup(child.pid, () => child.kill('SIGKILL'));
    };
    const timer = setTimeout(() => end('timeout'), timeoutMs);
    const onAbort = (): void => end('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      action();
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (ending) return;
      if (onStdout) {
        if (onStdout(chunk) === 'stop') end('stopped');
        return;
      }
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxBuffer) end('overflow');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
    });
    // git may exit before reading all of its input (a bad object id): the exit status tells why.
    child.stdin.on('error', () => undefined);
    // Without input, stdin is closed at once: git never waits on it, nor on a terminal.
    if (options.input === undefined) child.stdin.end();
    else child.stdin.end(options.input);
    if (options.signal?.aborted) end('aborted');

    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      const message = missing
        ? `git is not installed, or the folder ${options.cwd} does not exist`
        : error.message;
      settle(() =>
        reject(new GitCommandError(`${command} failed: ${message}`, { command, kind: 'other' })),
      );
    });
    child.on('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      settle(() => {
        if (ending === 'stopped') return resolve({ exitCode: 0, stdout: Buffer.alloc(0) });
        if (ending === 'timeout') {
          return reject(
            new GitCommandError(`${command} timed out after ${timeoutMs} ms`, {
              command,
              kind: 'timeout',
            }),
          );
        }
        if (ending === 'aborted') {
          return reject(
            new GitCommandError(`${command} was cancelled`, { command, kind: 'other' }),
          );
        }
        if (ending === 'overflow') {
          const message = `${command} wrote more than ${maxBuffer} bytes`;
          return reject(new GitCommandError(message, { command, kind: 'other' }));
        }
        if (exitCode !== null && okExitCodes.includes(exitCode)) {
          return resolve({ exitCode, stdout: Buffer.concat(stdout) });
        }
        reject(gitFailure({ command, exitCode, signal, stderr, secrets }));
      });
    });
  });
}

/** `git <subcommand>` for messages: global options (`-c key=value`, `-C dir`) are skipped. */
function commandName(args: readonly string[]): string {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '-c' || arg === '-C') index += 1;
    else if (!arg.startsWith('-')) return `git ${arg}`;
  }
  return 'git';
}

/** Kills git and every helper it started (they share the process group `detached` created). */
function killGroup(pid: number | undefined, fallback: () => void): void {
  try {
    if (pid === undefined) throw new Error('not started');
    process.kill(-pid, 'SIGKILL');
  } catch {
    fallback();
  }
}
