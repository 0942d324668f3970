import { createServer, type Server } from 'node:http';
import { createTestEnv, waitFor, type TestEnv } from '../support/test-env';
import {
  freePort,
  startService,
  waitReady,
  type ServiceProcess,
} from '../support/service-processes';

/**
 * Credentials and document text never reach a log (issue 12, item 10): a whole session of the
 * real service at debug level, with planted secrets in its configuration and in request headers,
 * requests that fail inside (5xx from the reranker and the generator), and a planted sentence in a
 * document. Then every line it printed is searched for each of them.
 */
describe('logs never carry credentials or document text', () => {
  const planted = {
    cohereKey: 'planted-cohere-key-4f1e9a',
    generatorKey: 'planted-generator-key-77c2',
    qdrantKey: 'planted-qdrant-key-19bd',
    bearer: 'planted-bearer-token-5521aa',
    cookie: 'planted-cookie-value-e0e0',
    apiKey: 'planted-x-api-key-3131',
    signature: 'sha256=planted0signature0c0ffee',
    gitlabToken: 'planted-gitlab-token-9090',
    sentence: 'The planted harbour of Quillmoor opens at dawn',
  };
  let env: TestEnv;
  let service: ServiceProcess;
  let failing: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // A model server that fails every call: reranking and generation end in logged 5xx errors.
    failing = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'upstream exploded' }));
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const address = failing.address();
    const upstream = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    env = await createTestEnv({
      LOG_LEVEL: 'debug',
      COHERE_API_KEY: planted.cohereKey,
      COHERE_BASE_URL: upstream,
      QDRANT_API_KEY: planted.qdrantKey,
      GENERATOR: 'openai-compatible',
      GENERATOR_URL: upstream,
      GENERATOR_API_KEY: planted.generatorKey,
      GENERATOR_TIMEOUT_MS: '2000',
    });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = startService('standalone', { ...env.env, PORT: String(port), HOST: '127.0.0.1' });
    await waitReady(baseUrl, service);
  });

  afterAll(async () => {
    await service?.stop();
    await new Promise((resolve) => failing?.close(resolve));
    await env?.cleanup();
  });

  it('prints none of the planted secrets nor the document sentence', async () => {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${planted.bearer}`,
      cookie: `session=${planted.cookie}`,
      'x-api-key': planted.apiKey,
      'x-hub-signature-256': planted.signature,
      'x-gitlab-token': planted.gitlabToken,
    };
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const put = await call('PUT', '/v1/documents/harbour.md', {
      text: `${planted.sentence}. Ships leave at noon.`,
      title: 'Harbour',
    });
    expect(put.status).toBe(202);
    const { eventId } = (await put.json()) as { eventId: string };
    await waitFor(async () => {
      const event = (await (await call('GET', `/v1/events/${eventId}`)).json()) as {
        status: string;
      };
      return event.status === 'completed' ? true : undefined;
    });
    expect((await call('POST', '/v1/query', { query: planted.sentence })).status).toBe(200);
    // Both fail inside: the reranker and the generator answer 500.
    const reranked = await call('POST', '/v1/query', { query: planted.sentence, rerank: true });
    expect(reranked.status).toBeGreaterThanOrEqual(500);
    const generated = await call('POST', '/v1/augment', {
      query: planted.sentence,
      generate: true,
    });
    expect(generated.status).toBeGreaterThanOrEqual(500);
    expect((await call('PUT', '/v1/documents/bad%zz', { text: planted.sentence })).status).toBe(
      400,
    );
    expect((await call('GET', '/v1/nothing-here')).status).toBe(404);
    await service.stop();

    const output = service.output();
    // The session did log: request lines at debug level and the 5xx errors.
    expect(output).toMatch(/"level":50/);
    expect(output.split('\n').length).toBeGreaterThan(20);
    const leaks = Object.entries(planted).filter(([, value]) => output.includes(value));
    expect(leaks.map(([name]) => name)).toEqual([]);
    expect(output).not.toContain('Quillmoor');
  });
});
