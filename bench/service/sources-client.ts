import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { signGitHubPayload } from '@ragline/sources';
import { RaglineClient } from './ragline-client';

/** A push as the bench delivers it: the branch moved from `before` to `after`. */
export interface PushDelivery {
  sourceId: string;
  secret: string;
  branch: string;
  before: string;
  after: string;
  /** `X-GitHub-Delivery`; a redelivery repeats the first delivery's id, as GitHub's do. */
  deliveryId?: string;
}

export interface DeliveryAnswer {
  /** `queued`, `duplicate`, `ignored`, ... */
  status: string;
  /** Request sent → answer received, ms. */
  acceptMs: number;
}

const syncRunSchema = z.object({
  id: z.string(),
  trigger: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'needs-confirmation']),
  mode: z.string().optional(),
  error: z.string().optional(),
  coalescedInto: z.string().optional(),
});
export type SyncRunView = z.infer<typeof syncRunSchema>;

const libraryDetailSchema = z.object({
  documents: z.record(z.string(), z.number()),
  chunks: z.number(),
  queue: z.object({ pendingDocuments: z.number() }),
});
export type LibraryDetail = z.infer<typeof libraryDetailSchema>;

const hitSchema = z.object({
  documentId: z.string(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type SourceHit = z.infer<typeof hitSchema>;

/** Libraries, git sources and their GitHub push webhooks, as a user drives them over HTTP. */
export class SourcesClient extends RaglineClient {
  async createLibrary(name: string): Promise<void> {
    await this.call('POST', '/v1/libraries', { name });
  }

  async libraryDetail(library: string): Promise<LibraryDetail> {
    return libraryDetailSchema.parse(await this.call('GET', `/v1/libraries/${library}`));
  }

  /** A git source following `branch`, with pushes only (no scheduled sweeps). */
  async createSource(
    library: string,
    source: { url: string; branch: string; webhookSecret: string },
  ): Promise<string> {
    const json = await this.call('POST', `/v1/libraries/${library}/sources`, {
      kind: 'git',
      ...source,
      reconcileMinutes: 0,
    });
    return z.object({ id: z.string() }).parse(json).id;
  }

  async syncRuns(library: string, sourceId: string): Promise<SyncRunView[]> {
    const json = await this.call(
      'GET',
      `/v1/libraries/${library}/sources/${sourceId}/syncs?limit=200`,
    );
    return z.object({ syncs: z.array(syncRunSchema) }).parse(json).syncs;
  }

  async queryLibrary(
    library: string,
    request: {
      query: string;
      topK: number;
      mode?: 'dense' | 'sparse' | 'hybrid';
      filter: { documentId: string };
    },
  ): Promise<SourceHit[]> {
    const json = await this.call('POST', `/v1/libraries/${library}/query`, request);
    return z.object({ results: z.array(hitSchema) }).parse(json).results;
  }

  async libraryEvent(library: string, eventId: string): Promise<{ chunksEmbedded: number }> {
    const json = await this.call('GET', `/v1/libraries/${library}/events/${eventId}`);
    return z.object({ chunksEmbedded: z.number().default(0) }).parse(json);
  }

  /**
   * Delivers a GitHub `push` webhook signed over the exact bytes sent (`X-Hub-Signature-256`).
   * The payload carries what GitHub's does that Ragline reads: ref, before, after, repository.
   */
  async deliverPush(push: PushDelivery): Promise<DeliveryAnswer> {
    const deliveryId = push.deliveryId ?? randomUUID();
    const body = JSON.stringify({
      ref: `refs/heads/${push.branch}`,
      before: push.before,
      after: push.after,
      created: false,
      deleted: false,
      forced: false,
      repository: { full_name: 'rust-lang/rustc-dev-guide' },
      commits: [{ id: push.after }],
      head_commit: { id: push.after },
    });
    const sent = performance.now();
    const response = await fetch(`${this.baseUrl}/v1/webhooks/github/${push.sourceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': deliveryId,
        'x-hub-signature-256': signGitHubPayload(push.secret, body),
      },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const acceptMs = performance.now() - sent;
    if (!response.ok) {
      throw new Error(`webhook -> ${response.status} ${text.slice(0, 300)}`);
    }
    const status = z.object({ status: z.string() }).parse(JSON.parse(text)).status;
    return { status, acceptMs };
  }
}
