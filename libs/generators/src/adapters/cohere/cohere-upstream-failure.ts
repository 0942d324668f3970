import { CohereError, CohereTimeoutError } from 'cohere-ai';
import { describeError } from '@ragline/errors';
import { classifyStatus, type UpstreamFailure } from '../../upstream-failure';

/** Classifies anything cohere-ai threw; the SDK puts the status on `CohereError.statusCode`. */
export function classifyCohereError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): UpstreamFailure {
  if (timedOut || error instanceof CohereTimeoutError) {
    return { kind: 'unavailable', message: `Cohere did not answer within ${timeoutMs} ms` };
  }
  if (!(error instanceof CohereError) || error.statusCode === undefined || error.statusCode < 400) {
    return { kind: 'unavailable', message: `Cohere call failed: ${describeError(error)}` };
  }
  const body: unknown = error.body;
  const detail =
    typeof body === 'object' &&
    body !== null &&
    'message' in body &&
    typeof body.message === 'string'
      ? body.message
      : error.message;
  return classifyStatus(
    'Cohere',
    error.statusCode,
    error.rawResponse?.headers?.get('retry-after'),
    detail,
  );
}
