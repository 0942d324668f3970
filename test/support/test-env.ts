import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRedisPrefix } from '@ragline/testing';

export interface TestEnv {
  env: Record<string, string>;
  prefix: string;
  dataDir: string;
  redisUrl: string;
  cleanup(): Promise<void>;
}

/** A private queue prefix and data directory for one test run, removed by cleanup(). */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'ragline-test-'));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  return {
    prefix,
    dataDir,
    redisUrl,
    env: {
      REDIS_URL: redisUrl,
      RAGLINE_QUEUE_PREFIX: prefix,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.RAGLINE_TEST_LOG_LEVEL ?? 'error',
      // Loopback without keys, as `npm start`; the suites about keys turn authentication on.
      AUTH: 'off',
      // Suites send thousands of requests a minute; the rate-limit suite sets its own.
      RATE_LIMIT_PER_MINUTE: '0',
      // Several workers per machine in the suites: none binds a metrics port.
      METRICS_PORT: '0',
      // The deterministic embedder: fast and lexical. The real model has its own tests.
      EMBEDDER: 'hash',
      // Suites that test augmentation, rerank and the page want every document as a candidate:
      // hybrid includes the dense side, which ranks all documents. (The product default is sparse.)
      DEFAULT_SEARCH_MODE: 'hybrid',
      JOB_BACKOFF_MS: '50',
      STORE_OPTIMIZE_INTERVAL_MS: '0',
      ...overrides,
    },
    async cleanup() {
      await deleteRedisPrefix(redisUrl, prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the timeout passes. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
