import { Repository, type Entity } from 'redis-om';
import {
  DocumentStatus,
  aclSchema,
  libraryKey,
  type DocumentAcl,
  type EventStatus,
  type LibraryRef,
  type Metadata,
} from '@ragline/events';
import { redisOperation, type RedisClient } from '@ragline/redis';
import type { DocumentRegistry } from '../../registry.port';
import { IdempotencyKeyReusedError, IntakeBackpressureError } from '../../registry.errors';
import type {
  AcceptEventInput,
  AcceptedEvent,
  ApplyOutcome,
  CommitResult,
  DocumentState,
  EventState,
  LibraryStats,
  ListDocumentsQuery,
  PendingChange,
} from '../../registry.types';
import { RegistryKeys, eventFinalChannel } from './registry-keys';
import { documentSchema, eventSchema } from './registry.schemas';
import { activateScript, commitScript, intakeScript } from './registry-scripts';

export interface RedisRegistryOptions {
  prefix: string;
  eventRetentionSeconds: number;
  /** How long an Idempotency-Key maps to its first event. */
  idempotencyTtlSeconds?: number;
}

/** One library's keys and redis-om repositories, made once per library and kept. */
interface LibraryKeyspace {
  keys: RegistryKeys;
  documents: Repository;
  events: Repository;
}

/**
 * The registry on plain Redis. Document and event states are redis-om HASH entities (read with
 * `fetch`, never `search`: plain Redis has no RediSearch); every transition that must be atomic
 * (accept, activate, commit) is one Lua script over the same hashes. A Redis that does not answer
 * becomes RedisUnavailableError (503 at the API, a retried job in the worker).
 */
export class RedisDocumentRegistry implements DocumentRegistry {
  private readonly keyspaces = new Map<string, LibraryKeyspace>();
  readonly channel: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisRegistryOptions,
  ) {
    this.channel = eventFinalChannel(options.prefix);
  }

  keysOf(library: LibraryRef): RegistryKeys {
    return this.keyspace(library).keys;
  }

  async acceptEvent(
    library: LibraryRef,
    input: AcceptEventInput,
    maxPending = 0,
  ): Promise<AcceptedEvent> {
    const { keys } = this.keyspace(library);
    const { documentId, idempotency } = input;
    const reply = (await redisOperation('accept', () =>
      intakeScript.run(
        this.redis,
        {
          doc: keys.document(documentId),
          pending: keys.pending(documentId),
          event: keys.event(input.eventId),
          docEvents: keys.documentEvents(documentId),
          docs: keys.documents,
          pendingDocs: keys.pendingDocuments,
          idem: keys.idempotency(idempotency?.scope ?? '', idempotency?.key ?? ''),
          stats: keys.stats,
        },
        {
          eventId: input.eventId,
          documentId,
          kind: input.kind,
          version: input.version,
          source: input.source,
          now: input.receivedAt,
          retention: this.options.eventRetentionSeconds,
          useIdem: idempotency !== undefined,
          idemTtl: this.options.idempotencyTtlSeconds ?? 24 * 3600,
          fingerprint: idempotency?.fingerprint ?? '',
          text: input.text ?? '',
          title: input.title ?? '',
          metadata: JSON.stringify(input.metadata ?? {}),
          acl: input.acl === undefined ? '' : JSON.stringify(input.acl),
          format: input.format ?? '',
          channel: this.channel,
          maxPending,
        },
      ),
    )) as [string, string, string];
    const [eventId, status, detail] = reply;
    if (status === 'key-reused') throw new IdempotencyKeyReusedError(eventId, detail, input.kind);
    if (status === 'backpressure') throw new IntakeBackpressureError(Number(detail));
    if (status === 'duplicate') {
      const first = await this.getEvent(library, eventId);
      return {
        eventId,
        status: first?.status ?? 'queued',
        version: first?.version ?? -1,
        duplicate: true,
      };
    }
    return { eventId, status: status as EventStatus, version: Number(detail), duplicate: false };
  }

  async activate(library: LibraryRef, documentId: string): Promise<PendingChange | undefined> {
    const { keys } = this.keyspace(library);
    const flat = (await redisOperation('activate', () =>
      activateScript.run(
        this.redis,
        {
          doc: keys.document(documentId),
          pending: keys.pending(documentId),
          docEvents: keys.documentEvents(documentId),
          stats: keys.stats,
        },
        { now: Date.now(), eventPrefix: keys.eventSchema },
      ),
    )) as string[];
    if (flat.length === 0) return undefined;
    const fields: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    return toChange(documentId, fields);
  }

  async getContent(library: LibraryRef, documentId: string): Promise<PendingChange | undefined> {
    const { keys } = this.keyspace(library);
    const fields = await redisOperation('read content', () =>
      this.redis.hGetAll(keys.content(documentId)),
    );
    return fields.version === undefined ? undefined : toChange(documentId, fields);
  }

  async listDocumentIds(
    library: LibraryRef,
    after: string | undefined,
    limit: number,
  ): Promise<string[]> {
    const { keys } = this.keyspace(library);
    return (await redisOperation('list document ids', () =>
      this.redis.sendCommand([
        'ZRANGE',
        keys.documents,
        after === undefined ? '-' : `(${after}`,
        '+',
        'BYLEX',
        'LIMIT',
        '0',
        String(limit),
      ]),
    )) as string[];
  }

  async commit(library: LibraryRef, outcome: ApplyOutcome): Promise<CommitResult> {
    const { keys } = this.keyspace(library);
    const hashes = outcome.chunkHashes ?? [];
    return (await redisOperation('commit', () =>
      commitScript.run(
        this.redis,
        {
          doc: keys.document(outcome.documentId),
          pending: keys.pending(outcome.documentId),
          docEvents: keys.documentEvents(outcome.documentId),
          pendingDocs: keys.pendingDocuments,
          stats: keys.stats,
          content: keys.content(outcome.documentId),
          targets: keys.writeTargets,
        },
        {
          targets: outcome.writeTargets === undefined ? '' : targetList(outcome.writeTargets),
          version: outcome.version,
          outcome: outcome.status,
          docStatus: outcome.documentStatus ?? 'indexed',
          contentHash: outcome.contentHash ?? '',
          chunks: hashes.length,
          chunkHashes: hashes.join(','),
          title: outcome.title ?? '',
          acl: outcome.acl === undefined ? '' : JSON.stringify(outcome.acl),
          error: outcome.error ?? '',
          unchanged: outcome.unchanged ?? false,
          embedded: outcome.chunksEmbedded ?? 0,
          reused: outcome.chunksReused ?? 0,
          deleted: outcome.chunksDeleted ?? 0,
          now: Date.now(),
          eventPrefix: keys.eventSchema,
          channel: this.channel,
          documentId: outcome.documentId,
          retention: this.options.eventRetentionSeconds,
        },
      ),
    )) as CommitResult;
  }

  async setWriteTargets(library: LibraryRef, versions: readonly number[]): Promise<void> {
    const { keys } = this.keyspace(library);
    await redisOperation('set write targets', () =>
      this.redis.set(keys.writeTargets, targetList(versions)),
    );
  }

  async getDocument(library: LibraryRef, documentId: string): Promise<DocumentState | undefined> {
    const { documents } = this.keyspace(library);
    const entity = await redisOperation('read document', () => documents.fetch(documentId));
    if (typeof entity.documentId !== 'string') return undefined;
    return toDocumentState(entity);
  }

  async getEvent(library: LibraryRef, eventId: string): Promise<EventState | undefined> {
    const { events } = this.keyspace(library);
    const entity = await redisOperation('read event', () => events.fetch(eventId));
    if (typeof entity.eventId !== 'string') return undefined;
    return toEventState(entity);
  }

  async listDocuments(
    library: LibraryRef,
    query: ListDocumentsQuery,
  ): Promise<{ documents: DocumentState[]; nextCursor?: string }> {
    const { keys } = this.keyspace(library);
    const documents: DocumentState[] = [];
    let cursor = query.cursor;
    const batch = Math.max(query.limit, 100);
    for (;;) {
      const ids = (await redisOperation('list documents', () =>
        this.redis.sendCommand([
          'ZRANGE',
          keys.documents,
          cursor === undefined ? '-' : `(${cursor}`,
          '+',
          'BYLEX',
          'LIMIT',
          '0',
          String(batch),
        ]),
      )) as string[];
      if (ids.length === 0) return { documents };
      const states = await Promise.all(ids.map((id) => this.getDocument(library, id)));
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

  async pendingDocumentIds(library: LibraryRef): Promise<string[]> {
    const { keys } = this.keyspace(library);
    return (await redisOperation('list pending documents', () =>
      this.redis.sendCommand(['ZRANGE', keys.pendingDocuments, '0', '-1']),
    )) as string[];
  }

  async stats(library: LibraryRef): Promise<LibraryStats> {
    const { keys } = this.keyspace(library);
    const [fields, pending] = await redisOperation('read library stats', () =>
      Promise.all([this.redis.hGetAll(keys.stats), this.redis.zCard(keys.pendingDocuments)]),
    );
    const count = (name: string) => Math.max(0, Number(fields[name] ?? 0));
    const documents = Object.fromEntries(
      Object.values(DocumentStatus).map((status) => [status, count(status)]),
    ) as Record<DocumentStatus, number>;
    return {
      documents,
      pending,
      lastSyncAt: count('lastSyncAt'),
      lastChangeAt: count('lastChangeAt'),
    };
  }

  async dropLibrary(library: LibraryRef): Promise<void> {
    const { keys } = this.keyspace(library);
    await redisOperation('drop library', async () => {
      let cursor = '0';
      do {
        const reply = (await this.redis.sendCommand([
          'SCAN',
          cursor,
          'MATCH',
          keys.pattern,
          'COUNT',
          '1000',
        ])) as [string, string[]];
        cursor = reply[0];
        if (reply[1].length > 0) await this.redis.sendCommand(['UNLINK', ...reply[1]]);
      } while (cursor !== '0');
    });
    this.keyspaces.delete(libraryKey(library));
  }

  async ping(): Promise<void> {
    await redisOperation('ping', () => this.redis.ping());
  }

  private keyspace(library: LibraryRef): LibraryKeyspace {
    const id = libraryKey(library);
    let keyspace = this.keyspaces.get(id);
    if (!keyspace) {
      const keys = new RegistryKeys(this.options.prefix, library);
      keyspace = {
        keys,
        documents: new Repository(documentSchema(keys.documentSchema), this.redis as never),
        events: new Repository(eventSchema(keys.eventSchema), this.redis as never),
      };
      this.keyspaces.set(id, keyspace);
    }
    return keyspace;
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' ? value : fallback;

function parseAcl(raw: string | undefined): DocumentAcl | undefined {
  if (!raw) return undefined;
  const parsed = aclSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}

/** The canonical form of a set of collection versions: sorted, comma-separated. */
function targetList(versions: readonly number[]): string {
  return [...new Set(versions)].sort((a, b) => a - b).join(',');
}

/** A pending change or a document's content, from its hash fields. */
function toChange(documentId: string, fields: Record<string, string>): PendingChange {
  const format = fields.format;
  return {
    documentId,
    eventId: fields.eventId ?? '',
    kind: fields.kind === 'delete' ? 'delete' : 'upsert',
    version: Number(fields.version),
    source: fields.source ?? 'api',
    text: fields.text ?? '',
    title: fields.title || undefined,
    metadata: JSON.parse(fields.metadata || '{}') as Metadata,
    acl: parseAcl(fields.acl),
    format: format === 'markdown' || format === 'text' ? format : undefined,
    receivedAt: Number(fields.receivedAt),
  };
}

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
    acl: parseAcl(text(entity.acl)),
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
