/**
 * Errors of the git engine. `GitCommandError` is what a failing git process becomes; its message is
 * git's own words with every credential scrubbed. The validation errors reject a source's settings
 * before git ever sees them.
 */
import { ErrorCode, RaglineError, type RaglineErrorOptions } from '@ragline/errors';

/** What made a git command fail, for callers that react differently to each. */
export type GitFailureKind =
  /** The process ran past its time limit and was killed with its children. */
  | 'timeout'
  /** Another git process held a lock (index.lock, a ref's .lock). */
  | 'lock'
  /** Network trouble: DNS, refused or dropped connection, 5xx from the host. */
  | 'network'
  /** The host refused the credentials, or asked for some and none were given. */
  | 'auth'
  /** The remote repository or branch does not exist (or is hidden from these credentials). */
  | 'not-found'
  /** Anything else: a corrupt mirror, a bad object name, git missing. */
  | 'other';

export interface GitCommandErrorOptions extends RaglineErrorOptions {
  /** `git <subcommand>` that failed; the rest of the arguments are left out on purpose. */
  command: string;
  kind: GitFailureKind;
  exitCode?: number | null;
  signal?: string | null;
}

/**
 * A git process failed. Retryable for timeouts, lock contention and network trouble; not for the
 * rest (a missing repository, refused credentials) until someone changes the source.
 */
export class GitCommandError extends RaglineError {
  readonly command: string;
  readonly kind: GitFailureKind;
  readonly exitCode?: number | null;
  readonly signal?: string | null;

  constructor(message: string, options: GitCommandErrorOptions) {
    const { command, kind, exitCode, signal, ...rest } = options;
    super(ErrorCode.Internal, message, {
      retryable: kind === 'timeout' || kind === 'lock' || kind === 'network',
      ...rest,
    });
    this.command = command;
    this.kind = kind;
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/** A source URL git must not be given: unsupported scheme, option-like, control characters. */
export class InvalidRemoteUrlError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.ValidationFailed, message, { field: 'url', ...options, retryable: false });
  }
}

/** An include/exclude glob list that is malformed, too long, or has too many entries. */
export class InvalidFileFilterError extends RaglineError {
  constructor(message: string, field: 'include' | 'exclude') {
    super(ErrorCode.ValidationFailed, message, { field, retryable: false });
  }
}

/** A branch name or object id that git would reject or could read as an option. */
export class InvalidGitRefError extends RaglineError {
  constructor(message: string, field: string) {
    super(ErrorCode.ValidationFailed, message, { field, retryable: false });
  }
}
