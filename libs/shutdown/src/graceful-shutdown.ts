import { Logger } from '@nestjs/common';
import { constants } from 'node:os';
import { describeError } from '@ragline/errors';

/** Logs one shutdown phase as one JSON line: `shutdown: <phase>`. */
export type ShutdownLog = (phase: string, fields?: Record<string, unknown>) => void;

/** What a process does once asked to stop, in order; it reports its phases through `log`. */
export type ShutdownSequence = (log: ShutdownLog) => Promise<void>;

/** Where signals come from: `process`, or an emitter in the unit spec. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** The part of a logger the coordinator uses (Nest's Logger, routed to pino in the apps). */
export interface ShutdownLogger {
  log(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface GracefulShutdownOptions {
  /** Which process this is, on every line: `api`, `worker` or `standalone`. */
  role: string;
  /** The whole sequence must end within this (SHUTDOWN_TIMEOUT_MS), or the process exits anyway. */
  timeoutMs: number;
  signals?: readonly NodeJS.Signals[];
  source?: SignalSource;
  exit?: (code: number) => void;
  logger?: ShutdownLogger;
}

/** Handle of installed signal handlers. */
export interface ShutdownHandle {
  /** Removes the handlers (tests; a process keeps them for life). */
  dispose(): void;
}

/**
 * Runs `sequence` on the first SIGTERM or SIGINT, bounded by `timeoutMs`, then exits 0 after
 * `shutdown: done`. Past the bound, or if the sequence fails, it exits 1: whatever was unfinished
 * is recovered elsewhere (a worker's active jobs return to the queue by stalled-job recovery; an
 * accepted change is in the registry before its 202). A second signal exits at once, with the
 * shell's code for death by that signal (128 + its number): an operator who asks twice means it.
 */
export function handleShutdownSignals(
  sequence: ShutdownSequence,
  options: GracefulShutdownOptions,
): ShutdownHandle {
  const {
    role,
    timeoutMs,
    signals = ['SIGTERM', 'SIGINT'],
    source = process,
    exit = (code: number) => process.exit(code),
    logger = new Logger('shutdown'),
  } = options;
  let startedAt: number | undefined;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (startedAt !== undefined) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      logger.warn(
        { stage: 'shutdown', role, signal, phase: 'forced', elapsedMs: Date.now() - startedAt },
        'shutdown: second signal, exiting now',
      );
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    const started = Date.now();
    startedAt = started;
    const fields = (phase: string, extra: Record<string, unknown> = {}) => ({
      stage: 'shutdown',
      role,
      signal,
      phase,
      elapsedMs: Date.now() - started,
      ...extra,
    });
    const log: ShutdownLog = (phase, extra) =>
      logger.log(fields(phase, extra), `shutdown: ${phase}`);
    const end = (code: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      exit(code);
    };
    // Not unref'd: the bound must hold even if the sequence leaves nothing else to wait on.
    timer = setTimeout(() => {
      logger.error(
        fields('timed out', { timeoutMs }),
        `shutdown: timed out after ${timeoutMs} ms, exiting with work unfinished`,
      );
      end(1);
    }, timeoutMs);
    sequence(log).then(
      () => {
        if (finished) return;
        log('done');
        end(0);
      },
      (error: unknown) => {
        if (finished) return;
        logger.error(fields('failed', { error: describeError(error) }), 'shutdown: failed');
        end(1);
      },
    );
  };

  for (const signal of signals) source.on(signal, onSignal);
  return {
    dispose: () => {
      for (const signal of signals) source.removeListener(signal, onSignal);
    },
  };
}
