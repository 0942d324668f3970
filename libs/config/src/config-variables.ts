import { z } from 'zod';

/**
 * Every environment variable Ragline reads, declared once: its schema (with default), what it
 * is for, and whether it is a secret (never logged). The README's configuration table lists
 * exactly these (a test keeps the two in sync).
 */
export interface ConfigVariable<T extends z.ZodType = z.ZodType> {
  schema: T;
  description: string;
  secret?: boolean;
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const url = z.url();

export const configVariables = {
  PORT: { schema: port.default(3000), description: 'HTTP port of the API.' },
  HOST: {
    schema: z.string().min(1).default('0.0.0.0'),
    description: 'Interface the API binds to.',
  },
  REDIS_URL: {
    schema: url.default('redis://127.0.0.1:6379'),
    description: 'Redis holding the queue, the document registry and event states.',
    secret: true,
  },
  RAGLINE_QUEUE_PREFIX: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
      .default('ragline'),
    description:
      'Prefix of every Redis key Ragline writes (queues, registry). Give each deployment, test run or benchmark its own.',
  },
  LIBRARY_NAME: {
    schema: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,47}$/, 'lowercase letters, digits and _; starts with a letter')
      .default('default'),
    description: 'Name of the knowledge library (the collection or table the chunks live in).',
  },
  DATA_DIR: {
    schema: z.string().min(1).default('./data'),
    description: 'Directory of the embedded LanceDB store.',
  },
  VECTOR_STORE: {
    schema: z.enum(['embedded', 'qdrant']).default('embedded'),
    description:
      '`embedded` (LanceDB files under DATA_DIR, zero setup) or `qdrant` (needs QDRANT_URL).',
  },
  QDRANT_URL: {
    schema: url.optional(),
    description: 'Qdrant REST endpoint, e.g. http://localhost:6333.',
  },
  QDRANT_API_KEY: {
    schema: z.string().min(1).optional(),
    description: 'Qdrant API key.',
    secret: true,
  },
  EMBEDDER: {
    schema: z.enum(['hash', 'local', 'cohere', 'transformers']).default('hash'),
    description:
      '`hash` (deterministic feature hashing, instant, lexical only), `local` (Universal Sentence Encoder Lite in worker threads), `cohere`, or `transformers` (your local ONNX model).',
  },
  EMBEDDING_DIMENSIONS: {
    schema: positiveInt.max(4096).default(384),
    description: 'Vector size of the `hash` embedder (the other embedders fix their own).',
  },
  COHERE_API_KEY: {
    schema: z.string().min(1).optional(),
    description: 'Cohere API key.',
    secret: true,
  },
  COHERE_BASE_URL: {
    schema: url.optional(),
    description: 'Cohere API base URL (proxies and tests); the SDK default when unset.',
  },
  COHERE_EMBED_MODEL: {
    schema: z.string().min(1).default('embed-english-v3.0'),
    description: 'Cohere embedding model.',
  },
  COHERE_MAX_RPS: {
    schema: positiveInt.default(10),
    description: 'Cohere calls per second, across all workers.',
  },
  EMBEDDING_MODEL_PATH: {
    schema: z.string().min(1).optional(),
    description: 'Directory of a local ONNX sentence-transformer, for EMBEDDER=transformers.',
  },
  DEFAULT_SEARCH_MODE: {
    schema: z.enum(['hybrid', 'dense', 'sparse']).default('hybrid'),
    description:
      'Search mode when a query names none: `hybrid` (dense + BM25, reciprocal rank fusion), `dense` or `sparse` (BM25).',
  },
  CHUNK_SIZE_TOKENS: {
    schema: positiveInt.max(8192).default(256),
    description: 'Largest chunk, in cl100k_base tokens.',
  },
  CHUNK_OVERLAP_TOKENS: {
    schema: z.coerce.number().int().min(0).default(32),
    description: 'Tokens shared by neighbouring chunks.',
  },
  MAX_BODY_BYTES: {
    schema: positiveInt.default(10 * 1024 * 1024),
    description: 'Largest request body the API accepts (bigger ones get 413).',
  },
  WORKER_CONCURRENCY: {
    schema: positiveInt.max(256).default(8),
    description: 'Jobs one worker process runs at once.',
  },
  JOB_ATTEMPTS: {
    schema: positiveInt.max(100).default(5),
    description: 'Attempts per event before it is marked failed.',
  },
  JOB_BACKOFF_MS: {
    schema: positiveInt.default(1000),
    description: 'First retry delay; doubles on each attempt (exponential backoff).',
  },
  EVENT_RETENTION_SECONDS: {
    schema: positiveInt.default(7 * 24 * 3600),
    description: 'How long finished events stay queryable at GET /v1/events/:id.',
  },
  STORE_OPTIMIZE_INTERVAL_MS: {
    schema: z.coerce.number().int().min(0).default(60_000),
    description: 'How often the worker compacts the embedded store (0: never).',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino log level.',
  },
} satisfies Record<string, ConfigVariable>;

export type ConfigVariableName = keyof typeof configVariables;
