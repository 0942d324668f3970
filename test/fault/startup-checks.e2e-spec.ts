import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { FakeCohereServer } from '../../libs/embedders/src/adapters/cohere/testing/fake-cohere-server';
import {
  createRedisClient,
  readRedisSettings,
  redisSettingsWarnings,
  uncheckedRedisSettings,
} from '@ragline/redis';
import { startOwnRedis } from '../support/own-redis';
import {
  freePort,
  startService,
  waitReady,
  type ServiceProcess,
} from '../support/service-processes';
import { startTestApp } from '../support/test-app';
import { createTestEnv, waitFor } from '../support/test-env';
import { logLinesWith } from './shutdown-probes';

/** Waits for the process to log a warning about `setting`; returns every such line. */
async function settingWarnings(service: ServiceProcess, setting: string) {
  const lines = () => logLinesWith(service.output(), { stage: 'redis-settings', setting });
  await waitFor(
    async () => (lines().length > 0 ? true : undefined),
    20_000,
    `a ${setting} warning`,
  );
  return lines().map((line) => ({ level: line.level, msg: String(line.msg) }));
}

/**
 * What the processes check at start (issue 16): the Redis settings that risk Ragline's data get
 * one warning line each, and /ready reports every dependency, a remote embedder included.
 */
describe('start-up checks', () => {
  const services: ServiceProcess[] = [];
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop('SIGKILL')));
  });

  it('both processes warn once that the shared Redis has no persistence', async () => {
    const testEnv = await createTestEnv({ LOG_LEVEL: 'warn' });
    try {
      const worker = startService('worker', testEnv.env);
      const port = await freePort();
      const api = startService('api', { ...testEnv.env, PORT: String(port), HOST: '127.0.0.1' });
      services.push(worker, api);
      await waitReady(`http://127.0.0.1:${port}`, api);
      for (const service of [worker, api]) {
        expect(await settingWarnings(service, 'persistence')).toEqual([
          { level: 40, msg: expect.stringMatching(/persistence is off.*appendonly yes/) },
        ]);
      }
    } finally {
      await Promise.all(services.splice(0).map((service) => service.stop('SIGTERM')));
      await testEnv.cleanup();
    }
  }, 60_000);

  it('a Redis that may evict keys gets the maxmemory-policy warning (and, with AOF on, no other)', async () => {
    const redis = await startOwnRedis();
    const dataDir = await mkdtemp(join(tmpdir(), 'ragline-startup-'));
    const admin = new IORedis(redis.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const worker = startService('worker', {
        REDIS_URL: redis.url,
        RAGLINE_QUEUE_PREFIX: 'startup',
        DATA_DIR: dataDir,
        EMBEDDER: 'hash',
        LOG_LEVEL: 'warn',
        METRICS_PORT: '0',
      });
      services.push(worker);
      expect(await settingWarnings(worker, 'maxmemory-policy')).toEqual([
        { level: 40, msg: expect.stringMatching(/"allkeys-lru".*maxmemory-policy noeviction/) },
      ]);
      expect(logLinesWith(worker.output(), { stage: 'redis-settings', level: 40 })).toHaveLength(1);
    } finally {
      admin.disconnect();
      await Promise.all(services.splice(0).map((service) => service.stop('SIGTERM')));
      await redis.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('with CONFIG disabled, reads the policy from INFO and leaves persistence unchecked, without error', async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'ragline-noconfig-'));
    const server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--rename-command',
        'CONFIG',
        '',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => (/Ready to accept connections/.test(output) ? true : undefined),
        10_000,
        'redis-server to accept connections',
      );
      const client = await createRedisClient(url);
      const settings = await readRedisSettings(client);
      await client.quit();
      expect(settings).toEqual({
        version: expect.stringMatching(/^\d+\.\d+/),
        maxmemoryPolicy: 'noeviction',
        aofEnabled: false,
        rdbSavePoints: undefined,
      });
      expect(redisSettingsWarnings(settings)).toEqual([]);
      expect(uncheckedRedisSettings(settings)).toEqual(['persistence']);
    } finally {
      server.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('/ready reports a remote embedder with its latency, probed without credentials, and stays ready without it', async () => {
    const cohere = new FakeCohereServer();
    const t = await startTestApp({
      env: {
        EMBEDDER: 'cohere',
        COHERE_API_KEY: 'test-key',
        COHERE_BASE_URL: await cohere.start(),
      },
      withWorker: false,
    });
    try {
      const up = await t.request('GET', '/ready');
      expect({ status: up.statusCode, body: up.json() }).toEqual({
        status: 200,
        body: {
          status: 'ready',
          checks: ['redis', 'queue', 'store', 'embedder'].map((name) => ({
            name,
            ok: true,
            latencyMs: expect.any(Number),
          })),
        },
      });
      const probes = cohere.requests.filter((r) => r.method === 'HEAD');
      expect(probes.length).toBeGreaterThan(0);
      expect(probes.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
      expect(cohere.requestsTo('/v2/embed')).toEqual([]);

      await cohere.close();
      const started = performance.now();
      const down = await t.request('GET', '/ready');
      expect({ status: down.statusCode, ms: performance.now() - started < 1500 }).toEqual({
        status: 200,
        ms: true,
      });
      expect(down.json<{ checks: unknown[] }>().checks).toContainEqual({
        name: 'embedder',
        ok: false,
        latencyMs: expect.any(Number),
        error: expect.stringMatching(/unreachable \(ECONNREFUSED\)/),
      });
    } finally {
      await t.close();
      await cohere.close().catch(() => undefined);
    }
  }, 60_000);
});
