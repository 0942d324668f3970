import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/test-app';
import { checkLibrary, type LibraryCheck } from './library-check';
import { largestDisplacement, planDeliveries } from './replay-plan';
import { forEachLimited } from './run-limited';
import { loadHistory, ReplayBook } from './rustc-history';
import { ScratchRepo } from './scratch-repo';
import { SourceApi, type SourceView, type SyncRunView } from './source-api';
import { gitHubPush, WebhookSender, type Delivered } from './webhook-sender';

const WINDOW = 25;
const SEED = 14;

/**
 * Issue 14's main proof: the real history of rustc-dev-guide (a base tree, then 350 commits with
 * 894 file changes) replayed into a real git repository served as a `file://` remote, every push
 * delivered as a signed GitHub webhook, once in order and once out of order with redeliveries.
 * After the last push's sync, the library must hold exactly final.jsonl: the same paths, the same
 * text, no chunk of a deleted or older file, and every chunk citing the commit that last changed
 * its file in our repository.
 */
describe('real-history replay of rustc-dev-guide as GitHub push webhooks (issue 14)', () => {
  const history = loadHistory();
  const repos: ScratchRepo[] = [];
  let t: TestApp;
  let api: SourceApi;
  let hooks: WebhookSender;

  beforeAll(async () => {
    t = await startTestApp();
    api = new SourceApi(t);
    hooks = new WebhookSender(t);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(repos.map((repo) => repo.cleanup()));
  });

  /** A library and a repository at the base tree, registered as a source and synced once. */
  async function prepare(library: string) {
    await api.createLibrary(library);
    const repo = await ScratchRepo.create();
    repos.push(repo);
    const book = new ReplayBook();
    await book.commitBase(repo, history);
    const secret = `whsec-${randomBytes(12).toString('hex')}`;
    const source = await api.addSource(library, {
      url: repo.url,
      webhookSecret: secret,
      reconcileMinutes: 0,
    });
    const initial = await api.waitRun(library, source.id, lastSyncId(source));
    expect(initial).toMatchObject({ status: 'completed', mode: 'scan' });
    expect(initial.counts).toMatchObject({ added: history.base.length, failed: 0 });
    await api.waitIdle(library);
    return { repo, book, secret, source };
  }

  /** After the last push: every run final, the library idle, then the whole comparison. */
  async function settleAndCheck(
    library: string,
    source: SourceView,
    repo: ScratchRepo,
    book: ReplayBook,
    syncIds: readonly string[],
  ): Promise<{ check: LibraryCheck; runs: SyncRunView[]; timing: string }> {
    const started = Date.now();
    expect(book.differencesFrom(history.final)).toEqual([]);
    // The bookkeeping's commits are git's own answer for every path of the head.
    const fromGit = await repo.lastCommits();
    const disagreeing = [...book.files].filter(([path, file]) => fromGit.get(path) !== file.commit);
    expect(disagreeing.map(([path]) => path)).toEqual([]);
    const runs: SyncRunView[] = [];
    for (const id of syncIds) runs.push(await api.waitRun(library, source.id, id, 120_000));
    await api.waitIdle(library, 120_000);
    const settled = Date.now();
    const check = await checkLibrary(api, library, source.id, book.files, book.gone());
    const timing = `settled ${seconds(started, settled)}, checked ${seconds(settled, Date.now())}`;
    return { check, runs, timing };
  }

  /**
   * The check is not vacuous: against expectations with one text, one citation and one gone path
   * changed, it reports those three paths and no other.
   */
  async function expectCheckerToNotice(library: string, source: SourceView, book: ReplayBook) {
    const expected = new Map(book.files);
    const [textPath, commitPath] = [...expected.keys()];
    const gonePath = book.gone()[0];
    const file = (path: string) => expected.get(path) ?? { text: '', commit: '' };
    expected.set(textPath, {
      ...file(textPath),
      text: `${file(textPath).text}\nA line the library never saw, long enough to count.\n`,
    });
    expected.set(commitPath, { ...file(commitPath), commit: book.shas[0] });
    expected.set(gonePath, {
      text: 'A file that is gone and should be missing.',
      commit: book.shas[0],
    });
    const check = await checkLibrary(api, library, source.id, expected, book.gone());
    const blamed = new Set(
      check.mismatches.filter((m) => !m.startsWith('library:')).map((m) => m.split(':')[0]),
    );
    expect([...blamed].sort()).toEqual([textPath, commitPath, gonePath].sort());
  }

  function report(label: string, delivered: number, redeliveries: number, check: LibraryCheck) {
    const line =
      `replay: ${history.commits.length} pushes (${delivered} delivered, ${redeliveries} redeliveries), ` +
      `${history.changeCount} file changes, ${check.documents} final documents checked, ` +
      `${check.mismatches.length} mismatches`;
    const rss = Math.round(process.memoryUsage().rss / 1e6);
    process.stdout.write(
      `${line}\n  [${label}; test process ${rss} MB] ${check.lines} distinctive lines found, ${check.gone} gone paths hold nothing\n`,
    );
    for (const problem of check.mismatches.slice(0, 40))
      process.stdout.write(`  mismatch: ${problem}\n`);
  }

  function syncsRan(runs: readonly SyncRunView[]): string {
    const ran = runs.filter((run) => run.coalescedInto === undefined).length;
    return `${ran} syncs ran, ${runs.length - ran} runs folded into them`;
  }

  it('in order: each commit made, then its push delivered; checked after the last', async () => {
    const library = `replay-ordered-${randomBytes(3).toString('hex')}`;
    const { repo, book, secret, source } = await prepare(library);
    const started = Date.now();
    const answers: Delivered[] = [];
    for (const commit of history.commits) {
      const before = book.shas[book.shas.length - 1];
      const after = await book.apply(repo, commit);
      answers.push(
        await hooks.github(source.id, 'push', gitHubPush({ before, after }), { secret }),
      );
    }
    const refused = answers.filter((a) => a.statusCode !== 202 || a.body.status !== 'queued');
    expect(refused).toEqual([]);
    const syncIds = answers.map((a) => String(a.body.syncId));
    const delivered = seconds(started, Date.now());
    const { check, runs, timing } = await settleAndCheck(library, source, repo, book, syncIds);
    report(
      `in order; ${syncsRan(runs)}; committed and delivered ${delivered}, ${timing}`,
      answers.length,
      0,
      check,
    );
    await expectCheckerToNotice(library, source, book);
    expect(runs.filter((run) => run.status !== 'completed').map((run) => run.status)).toEqual([]);
    expect(check.mismatches).toEqual([]);
    expect(check.documents).toBe(history.final.length);
  }, 240_000);

  it(`out of order within ${WINDOW}, with redeliveries and duplicates; checked after the last`, async () => {
    const library = `replay-shuffled-${randomBytes(3).toString('hex')}`;
    const { repo, book, secret, source } = await prepare(library);
    const started = Date.now();
    const pushes: Array<{ before: string; after: string }> = [];
    for (const commit of history.commits) {
      const before = book.shas[book.shas.length - 1];
      pushes.push({ before, after: await book.apply(repo, commit) });
    }
    const built = Date.now();
    const plan = planDeliveries({
      pushes: pushes.length,
      window: WINDOW,
      redeliveryShare: 0.1,
      duplicateShare: 0.05,
      seed: SEED,
    });
    const outcomes = new Map<string, string[]>();
    const syncIds: string[] = [];
    const unexpected: string[] = [];
    // Four in flight: parallel senders, so a redelivery may even overtake its original.
    await forEachLimited(plan, 4, async (delivery) => {
      const answer = await hooks.github(source.id, 'push', gitHubPush(pushes[delivery.push]), {
        secret,
        deliveryId: delivery.deliveryId,
      });
      const status = String(answer.body.status);
      if (answer.statusCode !== 202)
        unexpected.push(`${answer.statusCode} ${JSON.stringify(answer.body)}`);
      if (status === 'queued') syncIds.push(String(answer.body.syncId));
      outcomes.set(delivery.deliveryId, [...(outcomes.get(delivery.deliveryId) ?? []), status]);
    });
    const delivered = Date.now();
    expect(unexpected).toEqual([]);
    // Each delivery id queued exactly once; its redelivery was answered as a duplicate.
    const perId = [...outcomes.values()].map((statuses) => statuses.sort().join('+'));
    const redeliveries = plan.filter((d) => d.kind === 'redelivery').length;
    const duplicates = plan.filter((d) => d.kind === 'duplicate').length;
    expect(perId.filter((s) => s === 'duplicate+queued')).toHaveLength(redeliveries);
    expect(perId.filter((s) => s !== 'queued' && s !== 'duplicate+queued')).toEqual([]);
    expect(syncIds).toHaveLength(pushes.length + duplicates);

    const { check, runs, timing } = await settleAndCheck(library, source, repo, book, syncIds);
    report(
      `out of order (window ${WINDOW}, largest displacement ${largestDisplacement(plan)}, seed ${SEED}, ` +
        `${duplicates} duplicates with new ids); ${syncsRan(runs)}; committed ${seconds(started, built)}, ` +
        `delivered ${seconds(built, delivered)}, ${timing}`,
      plan.length,
      redeliveries,
      check,
    );
    expect(runs.filter((run) => run.status !== 'completed').map((run) => run.status)).toEqual([]);
    expect(check.mismatches).toEqual([]);
    expect(check.documents).toBe(history.final.length);
  }, 240_000);
});

function seconds(from: number, to: number): string {
  return `${((to - from) / 1000).toFixed(1)} s`;
}

function lastSyncId(source: SourceView): string {
  if (!source.lastSync) throw new Error('a new source has no sync');
  return source.lastSync.id;
}
