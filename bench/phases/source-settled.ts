import type { SourcesClient, SyncRunView } from '../service/sources-client';
import { sleep } from '../support/bounded-pool';

const FINAL = new Set(['completed', 'failed', 'needs-confirmation']);

/**
 * Waits until a source has nothing left to do: every sync run final (a sync serves all runs
 * queued before it starts, so the newest 200 being final means all are) and every change it
 * handed to intake applied (no pending, queued or indexing document in the library). Polls every
 * 20 ms: a sync's changes carry no event ids a client could wait on. Returns the runs.
 */
export async function waitSourceSettled(
  client: SourcesClient,
  library: string,
  sourceId: string,
  deadline: number,
): Promise<SyncRunView[]> {
  for (;;) {
    const runs = await client.syncRuns(library, sourceId);
    if (runs.length > 0 && runs.every((run) => FINAL.has(run.status))) {
      const detail = await client.libraryDetail(library);
      const busy =
        detail.queue.pendingDocuments +
        (detail.documents.queued ?? 0) +
        (detail.documents.indexing ?? 0);
      if (busy === 0) return runs;
    }
    if (Date.now() > deadline) {
      throw new Error(`source ${sourceId} of ${library} did not settle before the deadline`);
    }
    await sleep(20);
  }
}

/** A library following one branch of the history repository through a git source. */
export interface SourceUnderTest {
  library: string;
  branch: string;
  sourceId: string;
  secret: string;
}

/**
 * Creates library `name` with a source following branch `name` of `repo.url`, the branch at the
 * base tree, and waits for the source's first sync (a scan of the base) to be applied.
 */
export async function prepareSource(
  client: SourcesClient,
  repo: {
    url: string;
    baseCommit: string;
    pointBranch(branch: string, commit: string): Promise<void>;
  },
  name: string,
  secret: string,
): Promise<SourceUnderTest> {
  await client.createLibrary(name);
  await repo.pointBranch(name, repo.baseCommit);
  const sourceId = await client.createSource(name, {
    url: repo.url,
    branch: name,
    webhookSecret: secret,
  });
  await waitSourceSettled(client, name, sourceId, Date.now() + 300_000);
  return { library: name, branch: name, sourceId, secret };
}
