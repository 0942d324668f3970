import { randomBytes } from 'node:crypto';
import type { Chunker } from '@ragline/chunking';
import { benchEmbedder } from '../ceilings/ceilings.phase';
import type { BenchOptions } from '../cli/bench-options';
import {
  inOrderSchedule,
  outOfOrderSchedule,
  scheduleStats,
  type Delivery,
} from '../history/delivery-schedule';
import { historyFrom } from '../history/apply-history';
import { loadDocsHistory } from '../history/docs-history';
import { HistoryRepo } from '../history/history-repo';
import { replayOnPeer } from '../peer/history-peer';
import { startBenchService } from '../service/ragline-service';
import { SourcesClient } from '../service/sources-client';
import { replayOnRagline } from './history-ragline.phase';
import { replayExpectation, type HistoryComparison, type ReplayRun } from './history-replay';
import { measurePushFreshness, type PushFreshnessResult } from './push-freshness.phase';
import { prepareSource, type SourceUnderTest } from './source-settled';

/** About 25 changes of disorder and 10 % redeliveries: what retries and parallel senders give. */
const HISTORY_WINDOW_CHANGES = 25;
const HISTORY_REDELIVERY_SHARE = 0.1;

/** `history-in-order`, `history-out-of-order`: each replay's library (and branch). */
function historyLibrary(order: ReplayRun['order']): string {
  return `history-${order.replace(/ /g, '-')}`;
}

export interface SourcePhasesResult {
  pushFreshness?: PushFreshnessResult;
  history?: HistoryComparison;
}

/**
 * The git-source phases on the rustc-dev-guide history (from commit `--history-from` on), built
 * once as a real repository served as file://: push freshness and Ragline's two replays on one
 * fresh service (each in a library of its own), then, with the service stopped so it does not
 * share the CPU, the LangChain peer's two replays in this process.
 */
export async function runSourcePhases(
  options: BenchOptions,
  chunker: Chunker,
  log: (message: string) => void,
): Promise<SourcePhasesResult> {
  const runPush = !options.skip.has('push-freshness');
  const runHistory = !options.skip.has('history');
  if (!runPush && !runHistory) return {};
  const whole = loadDocsHistory();
  const history = historyFrom(whole, options.historyFrom);
  if (history.commits.length === 0) {
    throw new Error(`--history-from must be below ${whole.commits.length}, the history's commits`);
  }
  const repo = await HistoryRepo.build(history.base, history.commits);
  const secret = randomBytes(16).toString('hex');
  // Derived from --seed like every phase's, at an offset no other phase uses.
  const seed = options.seed + 14;
  const result: SourcePhasesResult = {};
  try {
    const commits = Math.min(options.historyCommits, history.commits.length);
    const expectation = runHistory ? await replayExpectation(chunker, history, commits) : undefined;
    const schedules: Array<[ReplayRun['order'], Delivery[]]> = [
      ['in order', inOrderSchedule(commits)],
      [
        'out of order',
        outOfOrderSchedule(
          history.commits.slice(0, commits).map((commit) => commit.changes.length),
          {
            windowChanges: HISTORY_WINDOW_CHANGES,
            redeliveryShare: HISTORY_REDELIVERY_SHARE,
            seed,
          },
        ),
      ],
    ];
    const pushed = runPush
      ? await replayExpectation(
          chunker,
          history,
          Math.min(options.pushCommits, history.commits.length),
        )
      : undefined;
    const runs: ReplayRun[] = [];
    const service = await startBenchService(options);
    try {
      const client = new SourcesClient(service.baseUrl);
      // Every library's first sync (a scan of the base tree) runs before anything is measured,
      // all at once: they would only add to the run's time one after the other.
      const names = [
        ...(pushed ? ['push-freshness'] : []),
        ...(expectation ? schedules.map(([order]) => historyLibrary(order)) : []),
      ];
      log(`sources: scanning the base tree into ${names.join(', ')}`);
      const sources = new Map(
        (await Promise.all(names.map((name) => prepareSource(client, repo, name, secret)))).map(
          (source) => [source.library, source],
        ),
      );
      const source = (name: string): SourceUnderTest => {
        const found = sources.get(name);
        if (!found) throw new Error(`no source prepared for ${name}`);
        return found;
      };
      if (pushed) {
        result.pushFreshness = await measurePushFreshness(
          service,
          repo,
          history.commits,
          pushed,
          source('push-freshness'),
          options.pushRate,
          log,
        );
      }
      if (expectation) {
        for (const [order, schedule] of schedules) {
          log(`history: ragline, ${order}: ${schedule.length} deliveries of ${commits} commits`);
          const outcome = await replayOnRagline(
            service,
            repo,
            schedule,
            expectation,
            source(historyLibrary(order)),
            options.redisUrl,
          );
          runs.push({ system: 'ragline', order, schedule: scheduleStats(schedule), outcome });
        }
      }
    } finally {
      await service.stop();
    }
    if (expectation) {
      const embedder = await benchEmbedder(options.embedder);
      try {
        for (const [order, schedule] of schedules) {
          log(`history: langchain, ${order}: ${schedule.length} deliveries of ${commits} commits`);
          const outcome = await replayOnPeer(
            options.pgUrl,
            chunker,
            embedder,
            history.base,
            history.commits,
            schedule,
            expectation,
          );
          runs.push({ system: 'langchain', order, schedule: scheduleStats(schedule), outcome });
        }
      } finally {
        await embedder.close();
      }
      result.history = {
        from: options.historyFrom,
        commits: expectation.commits,
        historyCommits: whole.commits.length,
        changes: expectation.changes,
        windowChanges: HISTORY_WINDOW_CHANGES,
        redeliveryShare: HISTORY_REDELIVERY_SHARE,
        seed,
        expectedFrom: expectation.from,
        replayMatchesFinal: expectation.replayMatchesFinal,
        runs,
      };
    }
    return result;
  } finally {
    repo.remove();
  }
}
