import { z } from 'zod';
import { sleep } from '../support/bounded-pool';
import { SourcesClient } from '../service/sources-client';

const FINAL = ['completed', 'failed', 'cancelled', 'rolled-back'];

const runSchema = z.object({
  id: z.string(),
  status: z.string(),
  counts: z.object({
    scanned: z.number(),
    indexed: z.number(),
    unchanged: z.number(),
    deleted: z.number(),
    failed: z.number(),
    embedded: z.number(),
  }),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  message: z.string().optional(),
});
export type ReindexView = z.infer<typeof runSchema>;

/** What a reindex may change; anything left out stays as the live version has it. */
export interface ReindexBody {
  embedder?: { kind: 'hash'; dimensions: number };
  chunking?: { sizeTokens: number; overlapTokens: number };
  searchMode?: 'dense' | 'sparse' | 'hybrid';
}

/** Reindex runs of a library, as an admin drives them over HTTP (the bench runs AUTH=off). */
export class ReindexClient extends SourcesClient {
  async startReindex(library: string, body: ReindexBody): Promise<string> {
    const json = await this.call('POST', `/v1/libraries/${library}/reindex`, body);
    return z.object({ reindexId: z.string() }).parse(json).reindexId;
  }

  async reindexRun(library: string, id: string): Promise<ReindexView> {
    return runSchema.parse(await this.call('GET', `/v1/libraries/${library}/reindex/${id}`));
  }

  /** Polls the run (every 100 ms) until its status is one of `statuses` or it is final. */
  async waitForRun(
    library: string,
    id: string,
    statuses: readonly string[],
    timeoutMs: number,
  ): Promise<ReindexView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.reindexRun(library, id);
      if (statuses.includes(run.status) || FINAL.includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`reindex ${id} still ${run.status}`);
      await sleep(100);
    }
  }
}
