import { ErrorCode } from '@ragline/errors';

/** The one place an error code becomes an HTTP status (the Record type makes it total). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.UriTooLong]: 414,
  [ErrorCode.HeadersTooLarge]: 431,
  [ErrorCode.RequestTimeout]: 408,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.ExpectationFailed]: 417,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.DocumentNotFound]: 404,
  [ErrorCode.EventNotFound]: 404,
  [ErrorCode.LibraryNotFound]: 404,
  [ErrorCode.LibraryExists]: 409,
  [ErrorCode.LibraryDeleting]: 409,
  [ErrorCode.ApiKeyNotFound]: 404,
  [ErrorCode.SourceNotFound]: 404,
  [ErrorCode.SyncNotFound]: 404,
  [ErrorCode.SourceUnavailable]: 502,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.ReindexNotFound]: 404,
  [ErrorCode.ReindexRunning]: 409,
  [ErrorCode.ContentMissing]: 409,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.ConsistencyTimeout]: 504,
  [ErrorCode.Backpressure]: 429,
  [ErrorCode.QueueUnavailable]: 503,
  [ErrorCode.NotReady]: 503,
  [ErrorCode.RedisUnavailable]: 503,
  [ErrorCode.StoreUnavailable]: 503,
  [ErrorCode.StoreCollectionMissing]: 503,
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

/**
 * What a client is told for errors whose own message carries a dependency's text (a store's
 * native error, a model server's error body): those go to the log, never to the client. The
 * `…_UNAVAILABLE` and rate-limit messages are written by our adapters ("did not answer within
 * 400 ms", "error 503") and stay.
 */
export const PUBLIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.StoreUnavailable]: 'The vector store is unavailable; retry later.',
  [ErrorCode.StoreRequestRejected]: 'The vector store rejected the request.',
  [ErrorCode.StoreCollectionMissing]:
    'The vector store has no collection for this library; an operator must reindex it.',
  [ErrorCode.EmbedderAuthFailed]: 'The embedding provider refused the configured credentials.',
  [ErrorCode.EmbedderBadResponse]: 'The embedding provider sent an unusable response.',
  [ErrorCode.GeneratorBadResponse]: 'The answer generator sent an unusable response.',
  [ErrorCode.ConfigInvalid]: 'Internal error',
  [ErrorCode.Internal]: 'Internal error',
};

/** Seconds a client should wait before retrying a 503 that names no time of its own. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;
