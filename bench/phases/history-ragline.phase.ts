import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Delivery } from '../history/delivery-schedule';
import type { HistoryRepo } from '../history/history-repo';
import { textsEmbeddedSince, libraryEventIds } from '../service/library-events';
import { readSourceLibrary } from '../service/source-library';
import type { RunningService } from '../service/ragline-service';
import { SourcesClient } from '../service/sources-client';
import { diffFinalState } from '../stats/final-state-diff';
import type { ReplayExpectation, ReplayOutcome } from './history-replay';
import { waitSourceSettled, type SourceUnderTest } from './source-settled';

/**
 * The history as pushes to Ragline. A library of its own follows a branch, first at the base
 * tree (`prepareSource`; the initial scan's embedding work is left out of the count). Then the
 * branch moves to the last replayed commit (the commits were all made before any delivery, as
 * when webhooks arrive late) and every delivery of the schedule is sent, one after the other, as
 * a signed GitHub push naming its commit's before/after; a redelivery repeats its first
 * delivery's `X-GitHub-Delivery`. Wall time runs from the first delivery until every sync run is
 * final and every change applied. The library is then read straight from its LanceDB table.
 */
export async function replayOnRagline(
  service: Pick<RunningService, 'baseUrl' | 'prefix' | 'dataDir'>,
  repo: HistoryRepo,
  schedule: readonly Delivery[],
  expectation: ReplayExpectation,
  source: SourceUnderTest,
  redisUrl: string,
): Promise<ReplayOutcome> {
  const client = new SourcesClient(service.baseUrl);
  const { library, branch, secret, sourceId } = source;
  const before = await libraryEventIds(redisUrl, service.prefix, library);

  await repo.pointBranch(branch, repo.commits[expectation.commits - 1]);
  const deliveryIds = new Map<number, string>();
  const answers: Record<string, number> = {};
  const started = performance.now();
  for (const delivery of schedule) {
    const deliveryId = deliveryIds.get(delivery.commit) ?? randomUUID();
    deliveryIds.set(delivery.commit, deliveryId);
    const answer = await client.deliverPush({
      sourceId,
      secret,
      branch,
      before: delivery.commit === 0 ? repo.baseCommit : repo.commits[delivery.commit - 1],
      after: repo.commits[delivery.commit],
      deliveryId,
    });
    answers[answer.status] = (answers[answer.status] ?? 0) + 1;
  }
  const runs = await waitSourceSettled(client, library, sourceId, Date.now() + 600_000);
  const wallMs = performance.now() - started;

  const embedded = await textsEmbeddedSince(client, redisUrl, service.prefix, library, before);
  const stored = await readSourceLibrary(service.dataDir, library, sourceId, expectation.paths);
  const pushRuns = runs.filter((run) => run.trigger === 'push');
  return {
    wallMs,
    textsEmbedded: embedded.textsEmbedded,
    diff: diffFinalState(expectation.chunks, stored, expectation.removed),
    // Runs are listed newest first, at most 200: the failures counted are among those.
    detail: {
      answers,
      failedSyncs: pushRuns.filter((run) => run.status === 'failed').length,
      events: embedded.events,
    },
  };
}
