import { createHash } from 'node:crypto';
import { libraryKey, type LibraryRef } from '@ragline/events';

/**
 * Every Redis key the registry writes for one library. All carry the library's hash tag
 * `{tenant.library}` (the library's queue prefix carries it too), so every key a script touches
 * sits in one Redis Cluster slot. Kept in one place: the Lua scripts and redis-om must agree.
 */
export class RegistryKeys {
  /** `<prefix>:{tenant.library}`: the library's keyspace. */
  readonly base: string;

  constructor(
    readonly prefix: string,
    library: LibraryRef,
  ) {
    this.base = `${prefix}:{${libraryKey(library)}}`;
  }

  /** Every key of the library, for dropping it: `<base>:*`. */
  get pattern(): string {
    return `${this.base}:*`;
  }
  /** redis-om schema names: entity keys are `<schema name>:<id>`. */
  get documentSchema(): string {
    return `${this.base}:doc`;
  }
  get eventSchema(): string {
    return `${this.base}:event`;
  }
  document(documentId: string): string {
    return `${this.documentSchema}:${documentId}`;
  }
  event(eventId: string): string {
    return `${this.eventSchema}:${eventId}`;
  }
  /** The newest accepted, not yet applied change of a document (a hash; the job only names the document). */
  pending(documentId: string): string {
    return `${this.base}:pending:${documentId}`;
  }
  /**
   * The collection versions changes are written to, as the reindex last set them ("1,2"); absent
   * means "1". A commit made with another list is refused: its writer saw an older library.
   */
  get writeTargets(): string {
    return `${this.base}:write-targets`;
  }
  /** The applied change of a document: what a reindex rebuilds it from. */
  content(documentId: string): string {
    return `${this.base}:content:${documentId}`;
  }
  /** Open events of a document, scored by version. */
  documentEvents(documentId: string): string {
    return `${this.base}:doc-events:${documentId}`;
  }
  /** Every document ever seen, for listing (a sorted set read in lexical order). */
  get documents(): string {
    return `${this.base}:docs`;
  }
  /** Documents with a pending change: re-enqueued at worker start in case a job was never added. */
  get pendingDocuments(): string {
    return `${this.base}:pending-docs`;
  }
  /** Documents by status and the last sync/change times, maintained by the scripts. */
  get stats(): string {
    return `${this.base}:stats`;
  }
  /**
   * An Idempotency-Key within its scope (route and document): the same key sent for another
   * document or route is another key. Hashed, so any printable key makes a safe Redis key.
   */
  idempotency(scope: string, key: string): string {
    const digest = createHash('sha256').update(`${scope}\n${key}`).digest('hex').slice(0, 40);
    return `${this.base}:idem:${digest}`;
  }
}

/** Pub/sub channel announcing `<eventId> <status>` when an event reaches a final status. */
export function eventFinalChannel(prefix: string): string {
  return `${prefix}:event-final`;
}
