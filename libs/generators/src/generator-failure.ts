import type { UpstreamFailure } from './upstream-failure';
import {
  GeneratorBadResponseError,
  GeneratorRateLimitedError,
  GeneratorUnavailableError,
} from './generators.errors';

/** The generator error for a classified failure. */
export function generatorError(failure: UpstreamFailure, cause?: unknown): Error {
  const options = {
    cause,
    retryAfterSeconds: failure.retryAfterSeconds,
    details: failure.status === undefined ? undefined : { status: failure.status },
  };
  if (failure.kind === 'rate-limited')
    return new GeneratorRateLimitedError(failure.message, options);
  if (failure.kind === 'unavailable')
    return new GeneratorUnavailableError(failure.message, options);
  return new GeneratorBadResponseError(failure.message, options);
}
