/**
 * Turns a failed git process into a `GitCommandError`: git's own first lines, scrubbed of
 * credentials, and a failure kind that decides whether a retry can help.
 */
import { GitCommandError, type GitFailureKind } from './git.errors';
import { scrubSecrets } from './scrub-secrets';

const MAX_MESSAGE = 500;

/** Checked in order: the first match names the kind. */
const KINDS: ReadonlyArray<readonly [GitFailureKind, RegExp]> = [
  ['lock', /cannot lock ref|unable to create '[^']*\.lock'|index\.lock|shallow\.lock/i],
  [
    'auth',
    /authentication failed|could not read (username|password)|terminal prompts disabled|permission denied \(|returned error: 40[13]|host key verification failed/i,
  ],
  [
    'not-found',
    /repository not found|repository '[^']*' not found|does not appear to be a git repository|couldn't find remote ref|returned error: 404/i,
  ],
  [
    'network',
    /could not resolve (host|proxy)|connection (refused|timed out|reset)|operation timed out|failed to connect|network is unreachable|early eof|rpc failed|remote end hung up|returned error: 5\d\d|unable to access/i,
  ],
];

/** Classifies git's stderr. */
export function classifyGitFailure(stderr: string): GitFailureKind {
  return KINDS.find(([, pattern]) => pattern.test(stderr))?.[0] ?? 'other';
}

/** The lines worth showing: `fatal:`/`error:` lines when there are any, else the first lines. */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const errors = lines.filter((line) => /^(fatal|error):/i.test(line));
  const shown = (errors.length > 0 ? errors : lines).slice(0, 3).join('; ');
  return shown.length > MAX_MESSAGE ? `${shown.slice(0, MAX_MESSAGE)}…` : shown;
}

export interface GitExit {
  command: string;
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  secrets: readonly string[];
}

/** The error for a git process that exited with a status its caller did not accept. */
export function gitFailure(exit: GitExit): GitCommandError {
  const stderr = scrubSecrets(exit.stderr, exit.secrets);
  const status = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`;
  const summary = summarizeStderr(stderr) || `no message (${status})`;
  return new GitCommandError(`${exit.command} failed: ${summary}`, {
    command: exit.command,
    kind: classifyGitFailure(stderr),
    exitCode: exit.exitCode,
    signal: exit.signal,
  });
}
