import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Library } from '@ragline/catalog';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { LibraryRef, Metadata } from '@ragline/events';
import { IntakeService } from '@ragline/intake';
import { SYNC_QUEUE, type SyncQueue } from '@ragline/queue';
import { DEFAULT_INCLUDE, validateGlobs } from './adapters/git/file-filter';
import { parseRemoteUrl } from './adapters/git/remote-url';
import { verifyGitHubSignature } from './adapters/github/github-signature';
import { verifyGitLabToken } from './adapters/gitlab/gitlab-token';
import { SECRET_BOX, type SecretBox } from './secret-box';
import {
  EMPTY_COUNTS,
  type Source,
  type SourceProvider,
  type SourceView,
  type SyncRun,
  type SyncTrigger,
} from './source';
import { sourceDocumentId } from './source-document-id';
import { SOURCE_STORE, type SourceStore } from './source-store.port';
import { SourceNotFoundError, SyncRunNotFoundError } from './sources.errors';
import { SourceSyncService } from './sync/source-sync.service';
import type { WebhookPushEvent } from './webhooks/webhook-event.types';

export interface NewSource {
  url: string;
  branch: string;
  include?: string[];
  exclude?: string[];
  metadata?: Metadata;
  webhookSecret?: string;
  token?: string;
  reconcileMinutes?: number;
  deleteGuardShare?: number;
}

export type SourcePatch = Partial<Omit<NewSource, 'url'>>;

/** What a webhook delivery led to: the answer a forge gets (always 2xx once verified). */
export type PushOutcome =
  | { status: 'queued'; syncId: string }
  | { status: 'duplicate'; deliveryId: string }
  | { status: 'ignored'; reason: string };

/**
 * Sources of libraries: their lifecycle (create, change, remove), what wakes a sync (creation,
 * pushes, sweeps on a schedule, a person), and the confirmations the delete guard asks for.
 * Every sync runs in a worker (SourceSyncService); this side only records runs and queues jobs.
 */
@Injectable()
export class SourceService {
  private readonly logger = new Logger('sources');

  constructor(
    @Inject(SOURCE_STORE) private readonly store: SourceStore,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
    private readonly intake: IntakeService,
    private readonly syncs: SourceSyncService,
  ) {}

  async create(library: Library, input: NewSource): Promise<SourceView> {
    const remote = parseRemoteUrl(input.url);
    validateGlobs(input.include ?? DEFAULT_INCLUDE, 'include');
    validateGlobs(input.exclude ?? [], 'exclude');
    const id = `s${randomBytes(8).toString('hex')}`;
    const token = input.token ?? remote.token;
    const source: Source = {
      tenant: library.tenant,
      library: library.library,
      id,
      kind: 'git',
      url: remote.url,
      branch: input.branch,
      include: [...(input.include ?? DEFAULT_INCLUDE)],
      exclude: [...(input.exclude ?? [])],
      metadata: input.metadata ?? {},
      provider: providerOf(remote.url),
      reconcileMinutes: input.reconcileMinutes ?? 60,
      deleteGuardShare: input.deleteGuardShare ?? 0.2,
      status: 'active',
      createdAt: Date.now(),
      ...(input.webhookSecret ? { webhookSecret: this.secrets.seal(input.webhookSecret, id) } : {}),
      ...(token ? { token: this.secrets.seal(token, id) } : {}),
    };
    await this.store.create(source);
    await this.queue.scheduleReconcile(source, id, source.reconcileMinutes * 60_000);
    await this.trigger(source, 'created');
    return this.view(source);
  }

  async get(library: LibraryRef, id: string): Promise<Source> {
    const source = await this.store.get(library, id);
    if (!source || source.status !== 'active') throw new SourceNotFoundError(id);
    return source;
  }

  async list(library: LibraryRef): Promise<SourceView[]> {
    const sources = (await this.store.list(library)).filter((s) => s.status === 'active');
    return Promise.all(sources.map((source) => this.view(source)));
  }

  async update(source: Source, patch: SourcePatch): Promise<SourceView> {
    if (patch.include) validateGlobs(patch.include, 'include');
    if (patch.exclude) validateGlobs(patch.exclude, 'exclude');
    const { webhookSecret, token, ...plain } = patch;
    const next: Source = {
      ...source,
      ...plain,
      ...(webhookSecret === undefined
        ? {}
        : { webhookSecret: this.secrets.seal(webhookSecret, source.id) }),
      ...(token === undefined ? {} : { token: this.secrets.seal(token, source.id) }),
    };
    await this.store.update(next);
    if (patch.reconcileMinutes !== undefined) {
      await this.queue.scheduleReconcile(next, next.id, next.reconcileMinutes * 60_000);
    }
    // What is indexed may no longer match the branch or the globs: sweep.
    if (
      patch.branch !== undefined ||
      patch.include !== undefined ||
      patch.exclude !== undefined ||
      patch.metadata !== undefined
    ) {
      await this.trigger(next, 'updated');
    }
    return this.view(next);
  }

  /** Asynchronous: the source stops syncing at once; its documents become tombstones in a worker. */
  async remove(source: Source): Promise<void> {
    await this.store.update({ ...source, status: 'deleting' });
    await this.queue.scheduleReconcile(source, source.id, 0);
    await this.queue.enqueueSourceRemoval(source, source.id);
  }

  /** Records a run and queues the source's sync job (one waiting job serves every queued run). */
  async trigger(
    source: Source,
    trigger: SyncTrigger,
    requested?: SyncRun['requested'],
  ): Promise<SyncRun> {
    const run: SyncRun = {
      id: randomUUID(),
      sourceId: source.id,
      trigger,
      status: 'queued',
      ...(requested ? { requested } : {}),
      counts: { ...EMPTY_COUNTS },
      failures: [],
      createdAt: Date.now(),
    };
    await this.store.queueRun(source, run);
    await this.queue.enqueueSourceSync(source, source.id);
    return run;
  }

  async getRun(source: Source, runId: string): Promise<SyncRun> {
    const run = await this.store.getRun(source, runId);
    if (!run) throw new SyncRunNotFoundError(runId);
    return run;
  }

  listRuns(source: Source, limit = 20): Promise<SyncRun[]> {
    return this.store.listRuns(source, limit);
  }

  /** Applies a sweep the delete guard stopped: the same run is queued again, guard off. */
  async confirm(source: Source, runId: string): Promise<SyncRun> {
    const run = await this.getRun(source, runId);
    if (run.status !== 'needs-confirmation') {
      throw new RaglineError(
        ErrorCode.Conflict,
        `Sync ${runId} is ${run.status}: only a sync that needs confirmation can be confirmed.`,
        { field: 'syncId' },
      );
    }
    const queued: SyncRun = { ...run, trigger: 'confirm', status: 'queued', error: undefined };
    await this.store.queueRun(source, queued);
    await this.queue.enqueueSourceSync(source, source.id);
    return queued;
  }

  /** A source by id alone, for webhooks: unknown and deleting sources are both 404. */
  async forWebhook(id: string): Promise<Source> {
    const source = await this.store.find(id);
    if (!source || source.status !== 'active') throw new SourceNotFoundError(id);
    return source;
  }

  verifyGitHub(source: Source, rawBody: Buffer, signature: string | undefined): boolean {
    return (
      source.webhookSecret !== undefined &&
      verifyGitHubSignature(this.secrets.open(source.webhookSecret, source.id), rawBody, signature)
    );
  }

  verifyGitLab(source: Source, token: string | undefined): boolean {
    return (
      source.webhookSecret !== undefined &&
      verifyGitLabToken(this.secrets.open(source.webhookSecret, source.id), token)
    );
  }

  /** A verified push: other branches are ignored, redeliveries answered as duplicates. */
  async receivePush(
    source: Source,
    push: WebhookPushEvent,
    deliveryId?: string,
  ): Promise<PushOutcome> {
    if (push.branch !== source.branch) {
      return {
        status: 'ignored',
        reason: `push to branch "${push.branch}"; this source follows "${source.branch}"`,
      };
    }
    if (deliveryId && !(await this.store.markDelivery(source, deliveryId))) {
      return { status: 'duplicate', deliveryId };
    }
    const run = await this.trigger(source, 'push', {
      before: push.before,
      after: push.after,
      ...(deliveryId ? { deliveryId } : {}),
    });
    return { status: 'queued', syncId: run.id };
  }

  /** Worker side of `remove`: every document of the source as a tombstone, then the source goes. */
  async removeNow(library: Library, source: Source): Promise<number> {
    const { files } = await this.store.getState(source);
    let deleted = 0;
    for (const path of files.keys()) {
      const documentId = sourceDocumentId(source.id, path);
      if (!documentId) continue;
      await this.intake.accept(library, { documentId, kind: 'delete', source: source.id });
      deleted++;
    }
    await rm(this.syncs.mirrorOf(source).gitDir, { recursive: true, force: true });
    await this.store.remove(source);
    this.logger.log({ source: source.id, documents: deleted }, 'source removed');
    return deleted;
  }

  async view(source: Source): Promise<SourceView> {
    const { webhookSecret, token, ...rest } = source;
    const [lastSync] = await this.store.listRuns(source, 1);
    return {
      ...rest,
      hasWebhookSecret: webhookSecret !== undefined,
      hasToken: token !== undefined,
      ...(lastSync ? { lastSync } : {}),
    };
  }
}

function providerOf(url: string): SourceProvider {
  const host =
    /^[a-z]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url)?.[1] ?? /^[^@]+@([^:]+):/.exec(url)?.[1] ?? '';
  if (host === 'github.com') return 'github';
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return 'gitlab';
  return 'git';
}
