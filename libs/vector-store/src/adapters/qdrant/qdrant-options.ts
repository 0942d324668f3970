import { ErrorCode, RaglineError } from '@ragline/errors';

/** Payload index types accepted for declared metadata keys. */
export type MetadataIndexType = 'keyword' | 'integer' | 'float' | 'bool';

/** How the Qdrant store connects and behaves. Only `url` is required. */
export interface QdrantVectorStoreOptions {
  /** Base URL of the Qdrant REST API, e.g. `http://localhost:6333`. */
  url: string;
  /** Sent as the `api-key` header (Qdrant Cloud, or a server with `service.api_key`). */
  apiKey?: string;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Points per upsert operation (default 256). */
  batchSize?: number;
  /** Attempts for a request that failed transiently: refused, timed out, 429 or 5xx (default 4). */
  maxAttempts?: number;
  /** First retry delay in milliseconds; doubles each attempt, with full jitter (default 200). */
  retryBaseDelayMs?: number;
  /** Cap of one retry delay in milliseconds (default 5 000). */
  retryMaxDelayMs?: number;
  /** Metadata keys to index, stored in the payload under `metadata.<key>`. */
  metadataIndexes?: Record<string, MetadataIndexType>;
  /** Value of the `tenant` payload field written to every point and required by every read. */
  tenant?: string;
  /**
   * Skip overwriting stored points whose `version` is higher than the one being written, and
   * leave them out of the stale-point delete (Qdrant conditional upsert, `update_filter`).
   * Off by default: the port says `replaceDocument` makes exactly `points` the document's set.
   */
  versionGuard?: boolean;
  /** Hybrid search fetches `topK * hybridPrefetchFactor` candidates per side before RRF (default 4). */
  hybridPrefetchFactor?: number;
}

/** Options with every default filled in; frozen. */
export type ResolvedQdrantOptions = Readonly<
  Required<Omit<QdrantVectorStoreOptions, 'apiKey'>> & Pick<QdrantVectorStoreOptions, 'apiKey'>
>;

const METADATA_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Checks options up front and says how to fix them, like the Qdrant client does. */
export function resolveQdrantOptions(options: QdrantVectorStoreOptions): ResolvedQdrantOptions {
  const problems: string[] = [];
  if (!/^https?:\/\/[^/]+/.test(options.url)) {
    problems.push(`url must start with http:// or https:// (got "${options.url}")`);
  }
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const n = value ?? fallback;
    if (!Number.isInteger(n) || n < 1) problems.push(`${name} must be a positive integer`);
    return n;
  };
  const resolved = {
    url: options.url.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000),
    batchSize: positive('batchSize', options.batchSize, 256),
    maxAttempts: positive('maxAttempts', options.maxAttempts, 4),
    retryBaseDelayMs: positive('retryBaseDelayMs', options.retryBaseDelayMs, 200),
    retryMaxDelayMs: positive('retryMaxDelayMs', options.retryMaxDelayMs, 5_000),
    metadataIndexes: { ...(options.metadataIndexes ?? {}) },
    tenant: options.tenant ?? 'default',
    versionGuard: options.versionGuard ?? false,
    hybridPrefetchFactor: positive('hybridPrefetchFactor', options.hybridPrefetchFactor, 4),
  };
  for (const key of Object.keys(resolved.metadataIndexes)) {
    if (!METADATA_KEY.test(key))
      problems.push(`metadataIndexes key "${key}" is not a metadata key`);
  }
  if (resolved.tenant.length === 0) problems.push('tenant must not be empty');
  if (problems.length > 0) {
    throw new RaglineError(
      ErrorCode.ConfigInvalid,
      `Invalid Qdrant options: ${problems.join('; ')}`,
      {
        field: 'qdrant',
      },
    );
  }
  return Object.freeze(resolved);
}
