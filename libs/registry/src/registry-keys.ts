import { createHash } from 'node:crypto';

/**
 * Every Redis key the registry writes, under the deployment's prefix. Kept in one place because
 * the Lua scripts and redis-om must agree on them. (BullMQ's own keys are `<prefix>:documents:*`.)
 */
export class RegistryKeys {
  constructor(readonly prefix: string) {}

  /** redis-om schema names: entity keys are `<schema name>:<id>`. */
  get documentSchema(): string {
    return `${this.prefix}:doc`;
  }
  get eventSchema(): string {
    return `${this.prefix}:event`;
  }
  document(documentId: string): string {
    return `${this.documentSchema}:${documentId}`;
  }
  event(eventId: string): string {
    return `${this.eventSchema}:${eventId}`;
  }
  /** The newest accepted, not yet applied change of a document (a hash; the job only names the document). */
  pending(documentId: string): string {
    return `${this.prefix}:pending:${documentId}`;
  }
  /** Open events of a document, scored by version. */
  documentEvents(documentId: string): string {
    return `${this.prefix}:doc-events:${documentId}`;
  }
  /** Every document ever seen, for listing (a sorted set read in lexical order). */
  get documents(): string {
    return `${this.prefix}:docs`;
  }
  /** Documents with a pending change: re-enqueued at worker start in case a job was never added. */
  get pendingDocuments(): string {
    return `${this.prefix}:pending-docs`;
  }
  /**
   * An Idempotency-Key within its scope (route and document): the same key sent for another
   * document or route is another key. Hashed, so any printable key makes a safe Redis key.
   */
  idempotency(scope: string, key: string): string {
    const digest = createHash('sha256').update(`${scope}\n${key}`).digest('hex').slice(0, 40);
    return `${this.prefix}:idem:${digest}`;
  }
  /** Pub/sub channel announcing `<eventId> <status>` when an event reaches a final status. */
  get eventFinalChannel(): string {
    return `${this.prefix}:event-final`;
  }
}
