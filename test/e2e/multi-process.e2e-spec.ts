import { createTestEnv, waitFor, type TestEnv } from '../support/test-env';
import {
  freePort,
  startService,
  waitReady,
  type ServiceProcess,
} from '../support/service-processes';

interface QueryResponse {
  results: Array<{ documentId: string; text: string }>;
}

/**
 * The production shape: API and worker as separate processes sharing one Redis and one LanceDB
 * directory. `completed` must mean "a query returns it", across the process boundary.
 */
describe('separate api and worker processes', () => {
  let env: TestEnv;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let baseUrl: string;

  beforeAll(async () => {
    env = await createTestEnv({ LOG_LEVEL: 'warn' });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    worker = startService('worker', env.env);
    api = startService('api', { ...env.env, PORT: String(port), HOST: '127.0.0.1' });
    await waitReady(baseUrl, api);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await env?.cleanup();
  });

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('shows every completed change to the very next query (read-after-complete), 20 times in a row', async () => {
    for (let round = 0; round < 20; round++) {
      const token = `token${round}x${Math.random().toString(36).slice(2, 8)}`;
      const put = await call<{ eventId: string }>('PUT', '/v1/documents/shared-doc', {
        text: `Round ${round}: the current secret word is ${token}.`,
      });
      expect(put.status).toBe(202);
      await waitFor(
        async () => {
          const event = await call<{ status: string }>('GET', `/v1/events/${put.body.eventId}`);
          if (event.body.status === 'failed')
            throw new Error(`event failed: ${JSON.stringify(event.body)}`);
          return event.body.status === 'completed' ? true : undefined;
        },
        20_000,
        `round ${round} to complete`,
      );
      const query = await call<QueryResponse>('POST', '/v1/query', {
        query: `current secret word ${token}`,
        filter: { documentId: 'shared-doc' },
        topK: 10,
      });
      expect(query.body.results.map((r) => r.text)).toEqual([
        `Round ${round}: the current secret word is ${token}.`,
      ]);
    }
  });
});
