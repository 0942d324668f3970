import { ErrorCode } from '@ragline/errors';

/** The one place an error code becomes an HTTP status (a test checks every code is here). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.DocumentNotFound]: 404,
  [ErrorCode.EventNotFound]: 404,
  [ErrorCode.LibraryNotFound]: 503,
  [ErrorCode.ConsistencyTimeout]: 504,
  [ErrorCode.QueueUnavailable]: 503,
  [ErrorCode.StoreUnavailable]: 503,
  [ErrorCode.StoreRequestRejected]: 502,
  [ErrorCode.EmbedderUnavailable]: 503,
  [ErrorCode.EmbedderRateLimited]: 429,
  [ErrorCode.EmbedderAuthFailed]: 502,
  [ErrorCode.EmbedderBadResponse]: 502,
  [ErrorCode.EmbedderMismatch]: 409,
  [ErrorCode.FeatureNotConfigured]: 400,
  [ErrorCode.GeneratorUnavailable]: 503,
  [ErrorCode.GeneratorRateLimited]: 429,
  [ErrorCode.GeneratorBadResponse]: 502,
  [ErrorCode.RerankerUnavailable]: 503,
  [ErrorCode.RerankerRateLimited]: 429,
  [ErrorCode.ConfigInvalid]: 500,
  [ErrorCode.Internal]: 500,
};
