import { performance } from 'node:perf_hooks';
import { sourceDocumentId } from '@ragline/sources';
import { changedPaths } from '../history/apply-history';
import type { HistoryCommit } from '../history/docs-history';
import type { HistoryRepo } from '../history/history-repo';
import type { RunningService } from '../service/ragline-service';
import { readSourceLibrary } from '../service/source-library';
import { SourcesClient } from '../service/sources-client';
import { diffFinalState, type FinalStateDiff } from '../stats/final-state-diff';
import { sleep } from '../support/bounded-pool';
import { summarize, type LatencySummary } from '../stats/percentiles';
import type { ReplayExpectation } from './history-replay';
import { waitSourceSettled, type SourceUnderTest } from './source-settled';

export interface PushFreshnessResult {
  pushes: number;
  offeredRate: number;
  achievedRate: number;
  /** Files the pushed commits wrote or removed (what had to become searchable or go). */
  files: number;
  /** Webhook 202 → every file of the push searchable at that commit and removed files gone, ms. */
  visible: LatencySummary;
  /** Webhook POST → 202, ms. */
  accept: LatencySummary;
  /** Pushes not fully visible within the timeout. */
  lost: number;
  errors: number;
  firstError?: string;
  /** Sync runs of the pushes; those folded into another run; those that failed. */
  syncs: number;
  coalesced: number;
  failedSyncs: number;
  /** The library after the last push against the pushed prefix of the history, applied in order. */
  final: FinalStateDiff;
  /** The slowest pushes (commit index in the replayed history, files, ms), for the JSON report. */
  slowest: Array<{ commit: number; files: number; ms: number }>;
}

const VISIBLE_TIMEOUT_MS = 30_000;

/**
 * Freshness from a push. A library of its own follows a branch of the history repository,
 * first at the base tree (`prepareSource`: the initial scan is applied). Then, open loop (push i
 * is due at start + i/rate), each push moves the branch to the history's next commit and
 * delivers the signed GitHub webhook; its latency runs from the 202 until, for every file the
 * commit wrote, a dense query filtered to that document returns a chunk whose `metadata.commit`
 * is this commit or a later one (a document's chunks are replaced in one store commit, so one
 * such chunk means the version is searchable), and for every file it removed, that query
 * returns nothing. Each file is asked again every 20 ms until then (30 s without counts as
 * lost). After the last push the library is compared with `expectation` (the pushed commits
 * applied in order to the base).
 */
export async function measurePushFreshness(
  service: Pick<RunningService, 'baseUrl' | 'dataDir'>,
  repo: HistoryRepo,
  history: readonly HistoryCommit[],
  expectation: ReplayExpectation,
  source: SourceUnderTest,
  rate: number,
  log: (message: string) => void,
): Promise<PushFreshnessResult> {
  const client = new SourcesClient(service.baseUrl);
  const { library, branch, secret, sourceId } = source;
  const total = expectation.commits;
  log(`push-freshness: ${total} pushes at ${rate}/s`);
  const position = new Map(repo.commits.map((commit, i) => [commit, i]));
  const visible: number[] = [];
  const samples: Array<{ commit: number; files: number; ms: number }> = [];
  const accept: number[] = [];
  const result = { lost: 0, errors: 0, files: 0, firstError: undefined as string | undefined };
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  let lastSend = started;
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    lastSend = performance.now();
    const paths = changedPaths(history[i]);
    result.files += paths.written.length + paths.removed.length;
    try {
      await repo.pointBranch(branch, repo.commits[i]);
      const answer = await client.deliverPush({
        sourceId,
        secret,
        branch,
        before: i === 0 ? repo.baseCommit : repo.commits[i - 1],
        after: repo.commits[i],
      });
      const acceptedAt = performance.now();
      accept.push(answer.acceptMs);
      const ids = (list: string[]) => list.map((path) => sourceDocumentId(sourceId, path) ?? path);
      const isCurrent = (commit: unknown) =>
        typeof commit === 'string' && (position.get(commit) ?? -1) >= i;
      inflight.push(
        waitVisible(client, library, ids(paths.written), ids(paths.removed), isCurrent).then(
          (seen) => {
            const ms = performance.now() - acceptedAt;
            if (seen) visible.push(ms);
            else result.lost++;
            samples.push({ commit: i, files: paths.written.length + paths.removed.length, ms });
          },
          (error: unknown) => {
            result.errors++;
            result.firstError ??= String(error).slice(0, 200);
          },
        ),
      );
    } catch (error) {
      result.errors++;
      result.firstError ??= String(error).slice(0, 200);
    }
  }
  await Promise.all(inflight);
  const runs = await waitSourceSettled(client, library, sourceId, Date.now() + 300_000);
  const pushRuns = runs.filter((run) => run.trigger === 'push');
  return {
    pushes: total,
    offeredRate: rate,
    achievedRate: total > 1 ? ((total - 1) * 1000) / (lastSend - started) : total,
    files: result.files,
    visible: summarize(visible),
    accept: summarize(accept),
    lost: result.lost,
    errors: result.errors,
    firstError: result.firstError,
    syncs: pushRuns.length,
    coalesced: pushRuns.filter((run) => run.coalescedInto !== undefined).length,
    failedSyncs: pushRuns.filter((run) => run.status === 'failed').length,
    final: diffFinalState(
      expectation.chunks,
      await readSourceLibrary(service.dataDir, library, sourceId, expectation.paths),
      expectation.removed,
    ),
    slowest: samples.sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

/** True once every written document is at a current commit and every removed one is gone. */
async function waitVisible(
  client: SourcesClient,
  library: string,
  written: string[],
  removed: string[],
  isCurrent: (commit: unknown) => boolean,
): Promise<boolean> {
  const deadline = performance.now() + VISIBLE_TIMEOUT_MS;
  const pending = new Map<string, boolean>([
    ...written.map((id): [string, boolean] => [id, true]),
    ...removed.map((id): [string, boolean] => [id, false]),
  ]);
  while (performance.now() < deadline) {
    await Promise.all(
      [...pending].map(async ([documentId, wanted]) => {
        const hits = await client.queryLibrary(library, {
          query: 'freshness',
          topK: 1,
          mode: 'dense',
          filter: { documentId },
        });
        const done = wanted
          ? hits.some((hit) => isCurrent(hit.metadata.commit))
          : hits.length === 0;
        if (done) pending.delete(documentId);
      }),
    );
    if (pending.size === 0) return true;
    await sleep(20);
  }
  return false;
}
