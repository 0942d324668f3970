import { describeError, isRaglineError } from './ragline.error';

/** One clear line on stderr and a non-zero exit, instead of a stack trace, when start-up fails. */
export function exitOnStartupError(error: unknown): never {
  const message =
    isRaglineError(error) || error instanceof Error ? error.message : describeError(error);
  console.error(`ragline: cannot start: ${message}`);
  process.exit(1);
}
