import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { historyArbitrary } from './permissions/acl-history-model';
import type { HistoryReader } from './permissions/acl-history-reader';
import { createHistoryReaders, runHistory } from './permissions/history-run';
import { compareSets, readAllBuckets, type ReadPath, type Tally } from './permissions/model-reads';
import { PermissionClient } from './permissions/permission-client';
import {
  PRINCIPAL_POOL,
  documentsArbitrary,
  expectedIds,
  principalSetArbitrary,
  type ModelDocument,
} from './permissions/permission-model';
import {
  checkAclOnlyChange,
  checkReadYourWrites,
  type CheckResult,
} from './permissions/single-document-checks';

const SEED = Number(process.env.RAGLINE_PERMISSIONS_SEED ?? Date.now() % 2_147_483_647);
const DOCUMENTS = 120;
const PRINCIPAL_SETS = 40;
const HISTORY_RUNS = Number(process.env.RAGLINE_PERMISSIONS_HISTORY_RUNS ?? 30);
const MODEL_LIBRARY = 'perm-model';
const HISTORY_LIBRARY = 'perm-history';
const SINGLE_LIBRARY = 'perm-single';

/**
 * Document-level permissions on the real stack (API keys required, embedded worker, real Redis
 * and LanceDB): what each principal set reads, by a key bound to it and by `query:on-behalf`,
 * equals a model over random documents and ACLs; ACL changes interleaved with content edits and
 * late (older) versions never let a reader see a version whose own ACL denies it.
 */
describe('document permissions (auth required, real stack)', () => {
  let t: TestApp;
  let client: PermissionClient;
  let documents: ModelDocument[];
  const keys = { query: '', onBehalf: '', admin: '', ingest: '' };
  const tally: Tally = { checks: 0, violations: 0 };
  let principalSets = 0;

  beforeAll(async () => {
    const rootKey = `root-${randomBytes(24).toString('hex')}`;
    t = await startTestApp({
      env: { AUTH: 'required', RAGLINE_ADMIN_KEY: rootKey, RATE_LIMIT_PER_MINUTE: '0' },
    });
    client = new PermissionClient(t, rootKey);
    await client.createLibrary(MODEL_LIBRARY);
    await client.createLibrary(HISTORY_LIBRARY);
    // Small chunks: the ACL-only change rewrites several chunks, and embeds none.
    await client.createLibrary(SINGLE_LIBRARY, { chunking: { sizeTokens: 32, overlapTokens: 0 } });
    keys.query = await client.createKey(['query']);
    keys.onBehalf = await client.createKey(['query', 'query:on-behalf']);
    keys.admin = await client.createKey(['admin']);
    keys.ingest = await client.createKey(['ingest']);

    [documents] = fc.sample(documentsArbitrary(DOCUMENTS), { seed: SEED, numRuns: 1 });
    const eventIds: string[] = [];
    for (let start = 0; start < documents.length; start += 20) {
      const batch = documents.slice(start, start + 20);
      const accepted = await Promise.all(
        batch.map((doc) =>
          client.put(MODEL_LIBRARY, doc.id, {
            text: doc.text,
            metadata: { bucket: doc.bucket },
            ...(doc.acl === undefined ? {} : { acl: doc.acl }),
          }),
        ),
      );
      eventIds.push(...accepted.map((change) => change.eventId));
    }
    await client.settle(MODEL_LIBRARY, eventIds);
  });

  afterAll(async () => {
    console.log(
      `permissions: seed ${SEED}, ${documents?.length ?? 0} documents, ${PRINCIPAL_POOL.length} principals, ${principalSets} principal sets, ${tally.checks} checks, ${tally.violations} violations (replay: RAGLINE_PERMISSIONS_SEED=${SEED})`,
    );
    await t?.close();
  });

  function expectSameAsModel(path: ReadPath, expected: string[], actual: string[]): void {
    const differences = compareSets(documents, expected, actual, tally);
    expect({ path: path.name, differences }).toEqual({ path: path.name, differences: [] });
  }

  function expectNoProblems(result: CheckResult): void {
    tally.checks += result.checks;
    tally.violations += result.problems.length;
    expect(result.problems).toEqual([]);
  }

  it('readers that name no principals: a query key reads ACL-less documents only, admin and root read all', async () => {
    const noAcl = documents
      .filter((doc) => doc.acl === undefined)
      .map((doc) => doc.id)
      .sort();
    const all = documents.map((doc) => doc.id).sort();
    expect(noAcl.length).toBeGreaterThan(0);
    expect(documents.some((doc) => doc.acl?.read.length === 0)).toBe(true);
    const cases: Array<[ReadPath, string[]]> = [
      [{ name: 'query key, no principals', key: keys.query }, noAcl],
      [{ name: 'on-behalf key naming none', key: keys.onBehalf }, noAcl],
      [{ name: 'on-behalf key, principals []', key: keys.onBehalf, principals: [] }, noAcl],
      [{ name: 'admin key, no principals', key: keys.admin }, all],
      [{ name: 'root key, no principals', key: client.rootKey }, all],
    ];
    for (const [path, expected] of cases) {
      expectSameAsModel(
        path,
        expected,
        await readAllBuckets(client, MODEL_LIBRARY, documents, path),
      );
    }
  });

  it('naming principals needs query:on-behalf (403), and an ingest-only key may not query (403)', async () => {
    const bound = await client.createKey(['query'], ['group:eng']);
    const body = { query: 'permprobe', principals: ['group:eng'] };
    for (const key of [keys.query, bound, keys.ingest]) {
      for (const route of ['query', 'augment']) {
        const url = `/v1/libraries/${MODEL_LIBRARY}/${route}`;
        expect({ route, status: await client.status('POST', url, key, body) }).toEqual({
          route,
          status: 403,
        });
      }
    }
    expect(
      await client.status('POST', `/v1/libraries/${MODEL_LIBRARY}/query`, bound, {
        ...body,
        principals: [],
      }),
    ).toBe(403);
  });

  it(`queries as ${PRINCIPAL_SETS} random principal sets return exactly the model's documents`, async () => {
    await fc.assert(
      fc.asyncProperty(principalSetArbitrary, async (principals) => {
        principalSets++;
        const expected = expectedIds(documents, principals);
        const paths: ReadPath[] = [
          { name: 'bound key', key: await client.createKey(['query'], principals) },
          { name: 'on-behalf', key: keys.onBehalf, principals },
          {
            name: 'trusted naming principals',
            key: principalSets % 2 ? keys.admin : client.rootKey,
            principals,
          },
        ];
        for (const path of paths) {
          const actual = await readAllBuckets(client, MODEL_LIBRARY, documents, path);
          expectSameAsModel(
            { ...path, name: `${path.name} as [${principals.join(', ')}]` },
            expected,
            actual,
          );
        }
      }),
      { numRuns: PRINCIPAL_SETS, seed: SEED, examples: [[[]], [[...PRINCIPAL_POOL]]] },
    );
  });

  it('ACL changes apply in order with content edits and late versions; readers never see a denied version', async () => {
    const readers: HistoryReader[] = await createHistoryReaders(client);
    let run = 0;
    const totals = { sends: 0, superseded: 0, queries: 0, hits: 0, versions: 0, finalChecks: 0 };
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (ops) => {
        run++;
        const outcome = await runHistory({
          client,
          library: HISTORY_LIBRARY,
          runId: `h${run}`,
          ops,
          readers,
          onBehalfKey: keys.onBehalf,
        });
        totals.sends += outcome.sends;
        totals.superseded += outcome.superseded;
        totals.queries += outcome.queries;
        totals.hits += outcome.hitsChecked;
        totals.versions += outcome.versionsSeen;
        totals.finalChecks += outcome.finalChecks;
        tally.checks += outcome.hitsChecked + outcome.finalChecks;
        tally.violations += outcome.violations.length;
        expect(outcome.violations).toEqual([]);
      }),
      { numRuns: HISTORY_RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(
      `permissions history: ${run} runs, ${totals.sends} changes (${totals.superseded} late, superseded), ${totals.queries} reader queries, ${totals.hits} hits checked (${totals.versions} distinct versions seen), ${totals.finalChecks} final checks`,
    );
    expect(totals.superseded).toBeGreaterThan(0);
  });

  it('an ACL-only change embeds nothing and changes the readers at once', async () => {
    expectNoProblems(await checkAclOnlyChange(client, SINGLE_LIBRARY));
  });

  it('augment and read-your-writes queries obey the same filter', async () => {
    const sample = fc.sample(principalSetArbitrary, { seed: SEED + 1, numRuns: 6 });
    for (const principals of [[], ...sample]) {
      const expected = expectedIds(documents, principals);
      const paths: ReadPath[] = [
        { name: 'augment, bound key', key: await client.createKey(['query'], principals) },
        { name: 'augment, on-behalf', key: keys.onBehalf, principals },
      ];
      for (const path of paths) {
        const actual = await readAllBuckets(client, MODEL_LIBRARY, documents, path, 'augment');
        expectSameAsModel(
          { ...path, name: `${path.name} as [${principals.join(', ')}]` },
          expected,
          actual,
        );
      }
    }
    expectNoProblems(await checkReadYourWrites(client, SINGLE_LIBRARY, keys.onBehalf));
  });
});
