import { CohereClientV2 } from 'cohere-ai';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import {
  EmbedderAuthFailedError,
  EmbedderBadResponseError,
  EmbedderRateLimitedError,
  EmbedderUnavailableError,
} from '../../embedders.errors';
import { classifyCohereFailure, CohereFailure } from './cohere-failure';
import { MinIntervalLimiter } from './min-interval-limiter';

export type CohereInputType = 'search_document' | 'search_query';

export interface CohereEmbedClientOptions {
  apiKey: string;
  /** Proxy or test server; the SDK's production URL when unset. */
  baseUrl?: string;
  model: string;
  /** Per HTTP call. */
  timeoutMs?: number;
  /** Calls per batch, the first included, before handing the failure to the queue. */
  maxAttempts?: number;
  /** First backoff; doubles per attempt, with jitter. */
  baseDelayMs?: number;
  /** Longest wait taken in-process; a longer Retry-After is handed to the queue at once. */
  maxDelayMs?: number;
  maxRequestsPerSecond?: number;
  truncate?: 'NONE' | 'START' | 'END';
  /** Injected in tests to observe waits. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The part of Cohere's v2 embed answer we use; the SDK does not validate it (skipValidation). */
const embedResponse = z.object({
  embeddings: z.object({ float: z.array(z.array(z.number())) }),
});

/**
 * One retry policy for Cohere embed calls: the SDK's own retries are off (`maxRetries: 0`), and
 * 429/5xx/timeouts are retried here with jittered exponential backoff honouring `Retry-After`,
 * up to `maxAttempts`, then thrown as retryable errors carrying `retryAfterSeconds`.
 */
export class CohereEmbedClient {
  private readonly client: CohereClientV2;
  private readonly limiter: MinIntervalLimiter;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: CohereEmbedClientOptions) {
    this.client = new CohereClientV2({
      token: options.apiKey,
      environment: options.baseUrl,
      maxRetries: 0,
    });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.limiter = new MinIntervalLimiter(options.maxRequestsPerSecond ?? 10, this.sleep);
  }

  /** Embeds at most 96 texts in one logical call (retries included); vectors in input order. */
  async embed(texts: readonly string[], inputType: CohereInputType): Promise<number[][]> {
    for (let attempt = 1; ; attempt++) {
      await this.limiter.wait();
      let data: unknown;
      // Our own deadline: cohere-ai 8.1.0 aborts its timeouts with a bare string, which surfaces as
      // a generic CohereError('"timeout"'), never CohereTimeoutError; a signal we own is unambiguous.
      const deadline = AbortSignal.timeout(this.timeoutMs);
      try {
        data = await this.client.embed(
          {
            model: this.options.model,
            texts: [...texts],
            inputType,
            embeddingTypes: ['float'],
            truncate: this.options.truncate ?? 'END',
          },
          {
            maxRetries: 0,
            abortSignal: deadline,
            // The SDK always arms its own timer (default 300 s) and leaks it when fetch rejects
            // (refused, aborted): keep it just past ours so a failed call cannot hold the process.
            timeoutInSeconds: (this.timeoutMs + 100) / 1000,
          },
        );
      } catch (error) {
        const failure: CohereFailure = deadline.aborted
          ? { kind: 'unavailable', message: `Cohere did not answer within ${this.timeoutMs} ms` }
          : classifyCohereFailure(error);
        const details = { status: failure.status, attempts: attempt, model: this.options.model };
        if (failure.kind === 'auth')
          throw new EmbedderAuthFailedError(failure.message, { details });
        if (failure.kind === 'rejected') {
          throw new EmbedderBadResponseError(failure.message, { details });
        }
        const waitMs = this.backoff(failure, attempt);
        if (attempt >= this.maxAttempts || waitMs > this.maxDelayMs) {
          throw giveUp(failure, waitMs, details, error);
        }
        await this.sleep(waitMs);
        continue;
      }
      return parseVectors(data, texts.length);
    }
  }

  /** Retry-After is a floor (plus up to 10% jitter so throttled workers do not return together). */
  private backoff(failure: CohereFailure, attempt: number): number {
    if (failure.retryAfterMs !== undefined) return failure.retryAfterMs * (1 + 0.1 * this.random());
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }
}

function giveUp(
  failure: CohereFailure,
  waitMs: number,
  details: Record<string, unknown>,
  cause: unknown,
): Error {
  // Whole seconds, at least 1: the queue delays jobs, and sub-second hints are noise across workers.
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  const message = `${failure.message}; giving up after ${String(details.attempts)} attempt(s), retry in ${retryAfterSeconds}s`;
  if (failure.kind === 'rate-limited') {
    return new EmbedderRateLimitedError(message, retryAfterSeconds, { details, cause });
  }
  return new EmbedderUnavailableError(message, { retryAfterSeconds, details, cause });
}

function parseVectors(data: unknown, expected: number): number[][] {
  const parsed = embedResponse.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EmbedderBadResponseError(
      `Cohere embed response is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const vectors = parsed.data.embeddings.float;
  if (vectors.length !== expected) {
    throw new EmbedderBadResponseError(
      `Cohere returned ${vectors.length} embeddings for ${expected} texts`,
    );
  }
  return vectors;
}
