import fc from 'fast-check';
import { freePort } from '@ragline/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { FUZZ_MAX_BODY_BYTES } from './body-problems';
import { FuzzReport } from './fuzz-report';
import { runInjectCase, type InjectTarget } from './fuzz-runner';
import { fuzzSeed, inPool, injectRuns } from './fuzz-seed';
import { IdempotencyModel, idempotencyOpsArb } from './idempotency-model';
import { sendRaw } from './raw-http';
import { runRawCase } from './raw-oracle';
import { RAW_DOCUMENT_ID, rawCaseArb } from './raw-requests';
import { IntakeCounters } from './redis-snapshot';
import { requestArb, storeQueryArb } from './request-arbitraries';
import { internalMarkers } from './response-oracle';
import { knownHitArb, STORE_CORPUS } from './store-corpus';

/**
 * Issue #12's fuzz suite: thousands of generated requests on every route through inject(), raw
 * bytes on a real socket, Idempotency-Key sequences against a model, queries on a non-empty store;
 * then the service must still be healthy. Seeded: `RAGLINE_FUZZ_SEED=<seed>` replays a run.
 */
const SEED = fuzzSeed();
const RUNS = { inject: injectRuns(), idempotency: 45, raw: 300, store: 300 };
/** In ids and keys; from the seed, so that a replay sends the very same requests. */
const SALT = `f${(SEED >>> 0).toString(36)}`;
const report = new FuzzReport();

/** Small body limit (413 is cheap to reach); short request timeout (held sockets are bounded). */
const FUZZ_ENV = {
  MAX_BODY_BYTES: String(FUZZ_MAX_BODY_BYTES),
  REQUEST_TIMEOUT_MS: '2000',
  DEFAULT_SEARCH_MODE: 'sparse',
  LOG_LEVEL: 'fatal',
};

/** Fails with every failing category of a section and its smallest request, in plain text. */
function expectNoViolations(section: string): void {
  const groups = report.violationCount(section);
  if (groups > 0) {
    throw new Error(
      `${groups} failing categories in "${section}" (replay: RAGLINE_FUZZ_SEED=${SEED}):\n` +
        report.failures(section),
    );
  }
}

describe('API fuzz (issue #12)', () => {
  let t: TestApp;
  let w: TestApp;
  let port: number;
  let counters: IntakeCounters;
  let storeCounters: IntakeCounters;
  let markers: RegExp[];
  const knownIds = [`known-${SALT}-a`, `known-${SALT}/b.md`];

  const target = (section: string, app: TestApp = t, bound = 3000): InjectTarget => ({
    app: app.app,
    counters: app === t ? counters : storeCounters,
    markers,
    report,
    section,
    timeBoundMs: bound,
  });

  beforeAll(async () => {
    console.log(
      `fuzz: seed ${SEED}, ${RUNS.inject + RUNS.raw + RUNS.store} cases ` +
        `(inject ${RUNS.inject}, raw socket ${RUNS.raw}, store ${RUNS.store}, ` +
        `plus ${RUNS.idempotency} Idempotency-Key sequences and content-type twins); ` +
        `replay: RAGLINE_FUZZ_SEED=${SEED}`,
    );
    [t, w] = await Promise.all([
      startTestApp({ withWorker: false, env: FUZZ_ENV }),
      startTestApp({ env: FUZZ_ENV }),
    ]);
    port = await freePort();
    await t.app.listen({ port, host: '127.0.0.1' });
    counters = new IntakeCounters(t.testEnv.redisUrl, t.testEnv.prefix);
    storeCounters = new IntakeCounters(w.testEnv.redisUrl, w.testEnv.prefix);
    markers = internalMarkers([t.testEnv.dataDir, w.testEnv.dataDir]);
    for (const id of knownIds) {
      const put = await t.request('PUT', `/v1/documents/${encodeURIComponent(id)}`, {
        text: 'A known document.',
      });
      expect(put.statusCode).toBe(202);
    }
    const events = await Promise.all(
      STORE_CORPUS.map(async (document) => {
        const put = await w.request(
          'PUT',
          `/v1/documents/${encodeURIComponent(document.id)}`,
          document.body,
        );
        expect(put.statusCode).toBe(202);
        return put.json<{ eventId: string }>().eventId;
      }),
    );
    // The whole event on failure: its `error` says why the worker could not index the corpus.
    for (const eventId of events) {
      expect(await w.waitForEvent(eventId)).toEqual(
        expect.objectContaining({ status: 'completed' }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    console.log(`${report.summaryLine()}\n${report.costliest()}`);
    counters?.close();
    storeCounters?.close();
    await Promise.all([t?.close(), w?.close()]);
  });

  it('answers every generated request in the documented shape; a rejected one enqueues and stores nothing', async () => {
    const context = { salt: SALT, knownIds };
    await fc.assert(
      fc.asyncProperty(requestArb(context), async (request) => {
        await runInjectCase(target('inject'), request);
      }),
      { seed: SEED, numRuns: RUNS.inject },
    );
    expect(report.cases('inject')).toBeGreaterThanOrEqual(RUNS.inject);
    expectNoViolations('inject');
  }, 150_000);

  it('replays a request with its Idempotency-Key, and refuses the key for another request (422)', async () => {
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(idempotencyOpsArb, async (ops) => {
        const model = new IdempotencyModel(`idem-${SALT}-${sequence++}`);
        for (const op of ops) {
          const { request, check } = model.request(op);
          const observed = await runInjectCase(target('idempotency'), request);
          const problem = observed && check(observed);
          if (problem) {
            report.addViolation('idempotency', 'idempotency-model', request.category, {
              request: `${request.method} ${request.url} [idempotency-key: ${request.headers['idempotency-key']}] ${request.body ?? ''} (op ${ops.indexOf(op) + 1} of ${JSON.stringify(ops)})`,
              size: ops.length,
              response: `${observed.status} ${observed.body}`,
              detail: problem,
            });
          }
        }
      }),
      { seed: SEED + 1, numRuns: RUNS.idempotency },
    );
    expect(report.cases('idempotency')).toBeGreaterThanOrEqual(RUNS.idempotency * 2);
    expectNoViolations('idempotency');
  }, 60_000);

  it('answers malformed HTTP on a real socket in time with the JSON shape, or closes cleanly', async () => {
    const cases = fc.sample(rawCaseArb, { seed: SEED + 2, numRuns: RUNS.raw });
    const before = await counters.documentIds();
    // Concurrently: a bounded wait (up to the 2 s request timeout) must not add up case by case.
    await inPool(cases, 24, (rawCase) => runRawCase(port, rawCase, report, markers));
    expect(report.cases('raw')).toBe(RUNS.raw);
    expectNoViolations('raw');
    // The only document a raw case may create is the one its valid PUTs name.
    const added = [...(await counters.documentIds())].filter((id) => !before.has(id));
    expect(added.filter((id) => id !== RAW_DOCUMENT_ID)).toEqual([]);
  }, 90_000);

  it('answers queries of every shape on a non-empty store (worker on), and finds quoted text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: storeQueryArb() }, knownHitArb),
        async (request) => {
          await runInjectCase(target('store', w, 2000), request);
        },
      ),
      { seed: SEED + 3, numRuns: RUNS.store },
    );
    expect(report.cases('store')).toBeGreaterThanOrEqual(RUNS.store);
    expectNoViolations('store');
  }, 90_000);

  it('is healthy afterwards: /health and /ready answer 200, a PUT is found by a query', async () => {
    for (const app of [t, w]) {
      expect((await app.request('GET', '/health')).statusCode).toBe(200);
      expect((await app.request('GET', '/ready')).statusCode).toBe(200);
    }
    const overSocket = await sendRaw(
      port,
      Buffer.from('GET /ready HTTP/1.1\r\nHost: x\r\n\r\n'),
      5000,
    );
    expect(overSocket.kind === 'response' && overSocket.response.status).toBe(200);

    const word = `zephyrine${SALT}`;
    const put = await w.request('PUT', '/v1/documents/after-fuzz', {
      text: `The ${word} check runs after the fuzzing.`,
    });
    expect(put.statusCode).toBe(202);
    expect((await w.waitForEvent(put.json<{ eventId: string }>().eventId)).status).toBe(
      'completed',
    );
    const query = await w.request('POST', '/v1/query', { query: word, mode: 'sparse' });
    expect(query.statusCode).toBe(200);
    expect(
      query.json<{ results: Array<{ documentId: string }> }>().results.map((hit) => hit.documentId),
    ).toContain('after-fuzz');

    const accepted = await t.request('PUT', '/v1/documents/after-fuzz', {
      text: 'Accepted after the fuzzing.',
    });
    expect(accepted.statusCode).toBe(202);
    expect((await t.request('GET', '/v1/documents/after-fuzz')).json()).toMatchObject({
      id: 'after-fuzz',
      status: 'queued',
    });
  }, 30_000);
});
