/**
 * Every error Ragline reports carries one of these stable codes. The API maps each code to an HTTP
 * status in exactly one place (apps/api/src/http/error-status.ts), and a test checks the mapping is total.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  /** The request is not well-formed HTTP (bad request line, header or framing). */
  BadRequest: 'BAD_REQUEST',
  UriTooLong: 'URI_TOO_LONG',
  HeadersTooLarge: 'HEADERS_TOO_LARGE',
  RequestTimeout: 'REQUEST_TIMEOUT',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  ExpectationFailed: 'EXPECTATION_FAILED',
  /** An Idempotency-Key was used before for a different request. */
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  NotFound: 'NOT_FOUND',
  DocumentNotFound: 'DOCUMENT_NOT_FOUND',
  EventNotFound: 'EVENT_NOT_FOUND',
  LibraryNotFound: 'LIBRARY_NOT_FOUND',
  LibraryExists: 'LIBRARY_EXISTS',
  /** The library is being deleted: it takes no changes and its name is not free yet. */
  LibraryDeleting: 'LIBRARY_DELETING',
  ApiKeyNotFound: 'API_KEY_NOT_FOUND',
  SourceNotFound: 'SOURCE_NOT_FOUND',
  SyncNotFound: 'SYNC_NOT_FOUND',
  /** A source's repository could not be fetched. */
  SourceUnavailable: 'SOURCE_UNAVAILABLE',
  /** A confirmation or change that does not fit the current state (a sync already applied). */
  Conflict: 'CONFLICT',
  ReindexNotFound: 'REINDEX_NOT_FOUND',
  /** Another reindex of the library is running (one at a time per library). */
  ReindexRunning: 'REINDEX_RUNNING',
  /** A document cannot be rebuilt: Ragline holds no text for it (indexed by a 0.x version). */
  ContentMissing: 'CONTENT_MISSING',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  RateLimited: 'RATE_LIMITED',
  ConsistencyTimeout: 'CONSISTENCY_TIMEOUT',
  /** Intake refused a change because the library's backlog is full (429, Retry-After). */
  Backpressure: 'BACKPRESSURE',
  QueueUnavailable: 'QUEUE_UNAVAILABLE',
  /** A dependency of the service (Redis, the store, a remote embedder) does not answer: /ready. */
  NotReady: 'NOT_READY',
  /** Redis could not be read: document and event states are unknown for now. */
  RedisUnavailable: 'REDIS_UNAVAILABLE',
  StoreUnavailable: 'STORE_UNAVAILABLE',
  StoreCollectionMissing: 'STORE_COLLECTION_MISSING',
  StoreRequestRejected: 'STORE_REQUEST_REJECTED',
  EmbedderUnavailable: 'EMBEDDER_UNAVAILABLE',
  EmbedderRateLimited: 'EMBEDDER_RATE_LIMITED',
  EmbedderAuthFailed: 'EMBEDDER_AUTH_FAILED',
  EmbedderBadResponse: 'EMBEDDER_BAD_RESPONSE',
  EmbedderMismatch: 'EMBEDDER_MISMATCH',
  FeatureNotConfigured: 'FEATURE_NOT_CONFIGURED',
  GeneratorUnavailable: 'GENERATOR_UNAVAILABLE',
  GeneratorRateLimited: 'GENERATOR_RATE_LIMITED',
  GeneratorBadResponse: 'GENERATOR_BAD_RESPONSE',
  RerankerUnavailable: 'RERANKER_UNAVAILABLE',
  RerankerRateLimited: 'RERANKER_RATE_LIMITED',
  ConfigInvalid: 'CONFIG_INVALID',
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
