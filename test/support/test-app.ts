import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule, Type } from '@nestjs/common';
import { loadConfig, type Config } from '@ragline/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createTestEnv, waitFor, type TestEnv } from './test-env';

export interface InjectResponse {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  json<T = unknown>(): T;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: Config;
  testEnv: TestEnv;
  request(
    method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<InjectResponse>;
  /** Waits until the event reaches one of `statuses` and returns its state. */
  waitForEvent(
    eventId: string,
    statuses?: string[],
    headers?: Record<string, string>,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * The real app (API + worker in one process, as `npm start` runs it) on the real Redis and a
 * fresh LanceDB directory, under a private queue prefix. Requests go through Fastify's inject().
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    /** Share a prefix and data directory with other processes (cleanup stays with the caller). */
    testEnv?: TestEnv;
    withWorker?: boolean;
    extraModules?: Array<Type | DynamicModule>;
  } = {},
): Promise<TestApp> {
  const testEnv = options.testEnv ?? (await createTestEnv(options.env));
  const config = loadConfig(testEnv.env);
  const extraModules = [
    ...(options.withWorker === false ? [] : [WorkerModule.embedded()]),
    ...(options.extraModules ?? []),
  ];
  const app = await createApiApp(config, { extraModules });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const request: TestApp['request'] = async (method, url, payload, headers = {}) => {
    const isRaw = typeof payload === 'string';
    const response = await app.inject({
      method,
      url,
      headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      payload: payload === undefined ? undefined : isRaw ? payload : JSON.stringify(payload),
    });
    return {
      statusCode: response.statusCode,
      body: response.body,
      headers: response.headers,
      json: <T>() => JSON.parse(response.body) as T,
    };
  };

  return {
    app,
    config,
    testEnv,
    request,
    async waitForEvent(eventId, statuses = ['completed', 'failed', 'superseded'], headers = {}) {
      return waitFor(
        async () => {
          const response = await request('GET', `/v1/events/${eventId}`, undefined, headers);
          const body = response.json<Record<string, unknown>>();
          return statuses.includes(String(body.status)) ? body : undefined;
        },
        20_000,
        `event ${eventId} to reach ${statuses.join('|')}`,
      );
    },
    async close() {
      await app.close();
      if (!options.testEnv) await testEnv.cleanup();
    },
  };
}
