import { Repository, type Entity } from 'redis-om';
import type { RedisClientType } from 'redis';
import type { DocumentStatus, EventStatus, Metadata } from '@ragline/events';
import { RegistryKeys } from './registry-keys';
import { IdempotencyKeyReusedError, redisOperation } from './registry.errors';
import { documentSchema, eventSchema } from './registry.schemas';
import { ACTIVATE_SCRIPT, COMMIT_SCRIPT, INTAKE_SCRIPT } from './registry-scripts';
import { RedisScript } from './redis-scripts';
import type {
  AcceptEventInput,
  AcceptedEvent,
  ApplyOutcome,
  DocumentState,
  EventState,
  PendingChange,
} from './registry.types';

const intake = new RedisScript(INTAKE_SCRIPT);
const activate = new RedisScript(ACTIVATE_SCRIPT);
const commit = new RedisScript(COMMIT_SCRIPT);

export interface DocumentRegistryOptions {
  prefix: string;
  eventRetentionSeconds: number;
  /** How long an Idempotency-Key maps to its first event. */
  idempotencyTtlSeconds?: number;
}

export interface ListDocumentsQuery {
  source?: string;
  status?: DocumentStatus;
  /** Exclusive: the last id of the previous page. */
  cursor?: string;
  limit: number;
}

/**
 * What is indexed, at which version, and what each event became. Document and event states are
 * redis-om HASH entities (read with `fetch`, never `search`: plain Redis has no RediSearch); every
 * transition that must be atomic (accept, activate, commit) is one Lua script over the same hashes.
 */
export class DocumentRegistry {
  readonly keys: RegistryKeys;
  private readonly documents: Repository;
  private readonly events: Repository;

  constructor(
    private readonly redis: RedisClientType,
    private readonly options: DocumentRegistryOptions,
  ) {
    this.keys = new RegistryKeys(options.prefix);
    this.documents = new Repository(documentSchema(this.keys.documentSchema), redis as never);
    this.events = new Repository(eventSchema(this.keys.eventSchema), redis as never);
  }

  /**
   * Atomically assigns or checks the version and records the change as the document's pending one.
   * @throws IdempotencyKeyReusedError when the key was first used for a different request.
   */
  async acceptEvent(input: AcceptEventInput): Promise<AcceptedEvent> {
    const { keys } = this;
    const reply = (await redisOperation('accept', () =>
      intake.run(
        this.redis,
        [
          keys.document(input.documentId),
          keys.pending(input.documentId),
          keys.event(input.eventId),
          keys.documentEvents(input.documentId),
          keys.documents,
          keys.pendingDocuments,
          input.idempotency
            ? keys.idempotency(input.idempotency.scope, input.idempotency.key)
            : keys.idempotency('', ''),
        ],
        [
          input.eventId,
          input.documentId,
          input.kind,
          input.version === undefined ? '' : String(input.version),
          input.source,
          String(input.receivedAt),
          String(this.options.eventRetentionSeconds),
          input.idempotency === undefined ? '0' : '1',
          String(this.options.idempotencyTtlSeconds ?? 24 * 3600),
          input.text ?? '',
          input.title ?? '',
          JSON.stringify(input.metadata ?? {}),
          keys.eventFinalChannel,
          input.idempotency?.fingerprint ?? '',
        ],
      ),
    )) as [string, string, string];
    const [eventId, status, version] = reply;
    if (status === 'key-reused') {
      throw new IdempotencyKeyReusedError(eventId, version, input.kind);
    }
    if (status === 'duplicate') {
      const first = await this.getEvent(eventId);
      return {
        eventId,
        status: first?.status ?? 'queued',
        version: first?.version ?? -1,
        duplicate: true,
      };
    }
    return { eventId, status: status as EventStatus, version: Number(version), duplicate: false };
  }

  /** Marks the document indexing and returns its pending change, or undefined if none is left. */
  async activate(documentId: string): Promise<PendingChange | undefined> {
    const { keys } = this;
    const flat = (await redisOperation('activate', () =>
      activate.run(
        this.redis,
        [keys.document(documentId), keys.pending(documentId), keys.documentEvents(documentId)],
        [String(Date.now()), keys.eventSchema],
      ),
    )) as string[];
    if (flat.length === 0) return undefined;
    const fields = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
    return {
      documentId,
      eventId: fields.get('eventId') ?? '',
      kind: fields.get('kind') === 'delete' ? 'delete' : 'upsert',
      version: Number(fields.get('version')),
      source: fields.get('source') ?? 'api',
      text: fields.get('text') ?? '',
      title: fields.get('title') || undefined,
      metadata: JSON.parse(fields.get('metadata') || '{}') as Metadata,
      receivedAt: Number(fields.get('receivedAt')),
    };
  }

  /**
   * Records what applying `outcome.version` did. Returns 'stale' when a newer version was indexed
   * meanwhile (the caller's write lost the race), else the outcome status.
   */
  async commit(outcome: ApplyOutcome): Promise<'completed' | 'failed' | 'stale'> {
    const { keys } = this;
    const hashes = outcome.chunkHashes ?? [];
    return (await redisOperation('commit', () =>
      commit.run(
        this.redis,
        [
          keys.document(outcome.documentId),
          keys.pending(outcome.documentId),
          keys.documentEvents(outcome.documentId),
          keys.pendingDocuments,
        ],
        [
          String(outcome.version),
          outcome.status,
          outcome.documentStatus ?? 'indexed',
          outcome.contentHash ?? '',
          String(hashes.length),
          hashes.join(','),
          outcome.title ?? '',
          outcome.error ?? '',
          outcome.unchanged ? '1' : '0',
          String(outcome.chunksEmbedded ?? 0),
          String(outcome.chunksReused ?? 0),
          String(outcome.chunksDeleted ?? 0),
          String(Date.now()),
          keys.eventSchema,
          keys.eventFinalChannel,
          outcome.documentId,
          String(this.options.eventRetentionSeconds),
        ],
      ),
    )) as 'completed' | 'failed' | 'stale';
  }

  async getDocument(documentId: string): Promise<DocumentState | undefined> {
    const entity = await redisOperation('read document', () => this.documents.fetch(documentId));
    if (typeof entity.documentId !== 'string') return undefined;
    return toDocumentState(entity);
  }

  async getEvent(eventId: string): Promise<EventState | undefined> {
    const entity = await redisOperation('read event', () => this.events.fetch(eventId));
    if (typeof entity.eventId !== 'string') return undefined;
    return toEventState(entity);
  }

  /** Documents in id order, filtered; pages by cursor without RediSearch. */
  async listDocuments(
    query: ListDocumentsQuery,
  ): Promise<{ documents: DocumentState[]; nextCursor?: string }> {
    const documents: DocumentState[] = [];
    let cursor = query.cursor;
    const batch = Math.max(query.limit, 100);
    for (;;) {
      const ids = (await redisOperation('list documents', () =>
        this.redis.sendCommand([
          'ZRANGE',
          this.keys.documents,
          cursor === undefined ? '-' : `(${cursor}`,
          '+',
          'BYLEX',
          'LIMIT',
          '0',
          String(batch),
        ]),
      )) as string[];
      if (ids.length === 0) return { documents };
      const states = await Promise.all(ids.map((id) => this.getDocument(id)));
      for (let i = 0; i < ids.length; i++) {
        const state = states[i];
        cursor = ids[i];
        if (!state) continue;
        if (query.source !== undefined && state.source !== query.source) continue;
        if (query.status !== undefined && state.status !== query.status) continue;
        documents.push(state);
        if (documents.length === query.limit) {
          const more = i < ids.length - 1 || ids.length === batch;
          return { documents, nextCursor: more ? cursor : undefined };
        }
      }
      if (ids.length < batch) return { documents };
    }
  }

  /** Documents with a change accepted but not applied (e.g. the API stopped before enqueueing it). */
  async pendingDocumentIds(): Promise<string[]> {
    return (await redisOperation('list pending documents', () =>
      this.redis.sendCommand(['ZRANGE', this.keys.pendingDocuments, '0', '-1']),
    )) as string[];
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' ? value : fallback;

function toDocumentState(entity: Entity): DocumentState {
  return {
    id: String(entity.documentId),
    status: (text(entity.status) ?? 'queued') as DocumentStatus,
    latestVersion: num(entity.latestVersion, -1),
    indexedVersion: num(entity.indexedVersion, -1),
    contentHash: text(entity.contentHash),
    chunks: num(entity.chunks),
    chunkHashes: Array.isArray(entity.chunkHashes) ? entity.chunkHashes.map(String) : [],
    title: text(entity.title),
    source: text(entity.source),
    error: text(entity.error),
    createdAt: num(entity.createdAt),
    updatedAt: num(entity.updatedAt),
    syncedAt: num(entity.syncedAt),
  };
}

function toEventState(entity: Entity): EventState {
  return {
    eventId: String(entity.eventId),
    documentId: String(entity.documentId),
    kind: entity.kind === 'delete' ? 'delete' : 'upsert',
    version: num(entity.version),
    source: text(entity.source) ?? 'api',
    status: (text(entity.status) ?? 'queued') as EventStatus,
    unchanged: typeof entity.unchanged === 'boolean' ? entity.unchanged : undefined,
    chunksEmbedded: typeof entity.chunksEmbedded === 'number' ? entity.chunksEmbedded : undefined,
    chunksReused: typeof entity.chunksReused === 'number' ? entity.chunksReused : undefined,
    chunksDeleted: typeof entity.chunksDeleted === 'number' ? entity.chunksDeleted : undefined,
    error: text(entity.error),
    receivedAt: num(entity.receivedAt),
    updatedAt: num(entity.updatedAt),
  };
}
