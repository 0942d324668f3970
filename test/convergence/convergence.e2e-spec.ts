import fc from 'fast-check';
import { Chunker } from '@ragline/chunking';
import { EMBEDDER, type Embedder } from '@ragline/embedders';
import { READ_ALL, VECTOR_STORE, type VectorStore } from '@ragline/vector-store';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestEnv, type TestEnv } from '../support/test-env';
import { startService, type ServiceProcess } from '../support/service-processes';
import {
  ConvergenceModel,
  DOCS_PER_RUN,
  documentText,
  historyArbitrary,
  planSends,
  type PlannedSend,
} from './convergence-model';

const RUNS = Number(process.env.RAGLINE_CONVERGENCE_RUNS ?? 200);
const SEED = Number(process.env.RAGLINE_CONVERGENCE_SEED ?? Date.now() % 2_147_483_647);
/** Every this many runs, one worker process is killed with SIGKILL while jobs are in flight. */
const KILL_EVERY = 25;
const CHUNKING = { chunkSizeTokens: 48, chunkOverlapTokens: 0 };

/**
 * Model-based test of the heart of the product: random histories of upserts (explicit, duplicate
 * and out-of-order versions), deletes and idempotent redeliveries, applied by two worker processes
 * (one killed mid-job now and then), must leave the library equal to the model: for each document,
 * exactly the chunks of its highest version, or nothing after a delete; readers never see two
 * revisions of one document at once.
 */
describe('convergence under random histories, two workers, crashes', () => {
  let env: TestEnv;
  let api: TestApp;
  const workers: ServiceProcess[] = [];
  const chunker = new Chunker(CHUNKING);
  let run = 0;
  let kills = 0;

  beforeAll(async () => {
    env = await createTestEnv({
      CHUNK_SIZE_TOKENS: String(CHUNKING.chunkSizeTokens),
      CHUNK_OVERLAP_TOKENS: String(CHUNKING.chunkOverlapTokens),
      WORKER_CONCURRENCY: '4',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '500',
      LOG_LEVEL: 'error',
    });
    workers.push(startService('worker', env.env), startService('worker', env.env));
    api = await startTestApp({ testEnv: env, withWorker: false });
  });

  afterAll(async () => {
    console.log(
      `convergence: seed ${SEED}, ${run} runs, ${kills} worker kills (replay: RAGLINE_CONVERGENCE_SEED=${SEED})`,
    );
    await api?.close();
    await Promise.all(workers.map((worker) => worker.stop()));
    await env?.cleanup();
  });

  async function send(
    runId: string,
    planned: PlannedSend,
  ): Promise<{ eventId: string; status: string; version: number }> {
    const { op, idempotencyKey } = planned;
    const path = `/v1/documents/${runId}-d${op.doc}`;
    const headers = { 'idempotency-key': idempotencyKey };
    const response =
      op.type === 'upsert'
        ? await api.request(
            'PUT',
            path,
            { text: documentText(op.doc, op.variant), ...(op.version && { version: op.version }) },
            headers,
          )
        : await api.request(
            'DELETE',
            op.version ? `${path}?version=${op.version}` : path,
            undefined,
            headers,
          );
    expect(response.statusCode).toBe(202);
    return response.json();
  }

  it(`converges to the model (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (history) => {
        run++;
        const runId = `r${run}`;
        const sends = planSends(history, runId);
        const model = new ConvergenceModel();
        const eventIds = new Set<string>();
        const firstEventOf = new Map<number, string>();

        // Sends to one document go in order (the model's premise); documents proceed in parallel.
        await Promise.all(
          Array.from({ length: DOCS_PER_RUN }, async (_, doc) => {
            for (const [index, planned] of sends.entries()) {
              if (planned.op.doc !== doc) continue;
              const predicted = model.apply(planned);
              const accepted = await send(runId, planned);
              if (planned.repeats === undefined) {
                expect({ status: accepted.status, version: accepted.version }).toEqual(predicted);
                firstEventOf.set(index, accepted.eventId);
              } else {
                expect(accepted.eventId).toBe(firstEventOf.get(planned.repeats));
              }
              eventIds.add(accepted.eventId);
            }
          }),
        );

        if (run % KILL_EVERY === 0) {
          kills++;
          const victim = workers.shift();
          await victim?.stop('SIGKILL');
          workers.push(startService('worker', env.env));
        }

        const mixed = watchForMixedRevisions(runId);
        if (eventIds.size > 0) {
          const waited = await api.request('POST', '/v1/query', {
            query: 'wait',
            consistency: { afterEvents: [...eventIds], timeoutMs: 60_000 },
          });
          expect(waited.statusCode).toBe(200);
        }
        mixed.stop();
        expect(await mixed.violations).toEqual([]);

        for (let doc = 0; doc < DOCS_PER_RUN; doc++) {
          const expected = model.expected.get(doc);
          const documentId = `${runId}-d${doc}`;
          const stored = await chunksOf(documentId);
          const expectedTexts =
            expected?.text === undefined
              ? []
              : (await chunker.split(expected.text)).map((c) => c.text);
          expect({ documentId, texts: stored.texts.sort() }).toEqual({
            documentId,
            texts: expectedTexts.sort(),
          });
          expect(new Set(stored.ids).size).toBe(stored.ids.length);
          if (expected) {
            const state = (await api.request('GET', `/v1/documents/${documentId}`)).json<{
              version: number;
              status: string;
            }>();
            expect(state).toMatchObject({
              version: expected.version,
              status: expected.text === undefined ? 'deleted' : 'indexed',
            });
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 1_200_000);

  /** What the store holds for a document, read directly (not through the query API's presentation). */
  async function chunksOf(documentId: string): Promise<{ texts: string[]; ids: string[] }> {
    const store = api.app.get<VectorStore>(VECTOR_STORE);
    const embedder = api.app.get<Embedder>(EMBEDDER);
    const hits = await store.search(
      'default__default',
      {
        mode: 'dense',
        vector: await embedder.embedQuery('document marker paragraph'),
        topK: 1000,
        filter: { documentId },
      },
      READ_ALL,
    );
    return { texts: hits.map((hit) => hit.text), ids: hits.map((hit) => hit.id) };
  }

  /** Queries the run's documents while workers apply them; each answer must hold one revision per document. */
  function watchForMixedRevisions(runId: string): { stop(): void; violations: Promise<string[]> } {
    let running = true;
    const violations = (async () => {
      const found: string[] = [];
      while (running) {
        for (let doc = 0; doc < DOCS_PER_RUN && running; doc++) {
          const { texts } = await chunksOf(`${runId}-d${doc}`);
          const markers = new Set(texts.flatMap((text) => text.match(/d\d+r\d+/g) ?? []));
          if (markers.size > 1) found.push(`${runId}-d${doc}: ${[...markers].join(', ')}`);
        }
      }
      return found;
    })();
    return {
      stop: () => {
        running = false;
      },
      violations,
    };
  }
});
