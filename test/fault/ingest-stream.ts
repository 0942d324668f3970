import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { waitFor } from '../support/test-env';
import { send, type Reply } from './fault-http';

/** One change a client sends; its Idempotency-Key stays with it across retries. */
export interface DocumentChange {
  documentId: string;
  kind: 'upsert' | 'delete';
  /** Unique per revision, in every chunk of the revision's text: queries find it, and only it. */
  token?: string;
  text?: string;
  idempotencyKey: string;
}

/** A change intake answered 202 for, with what it answered. */
export interface AcceptedChange {
  change: DocumentChange;
  eventId: string;
  status: string;
  version: number;
}

/** An intake reply and the phase of the scenario it was sent in. */
export type IntakeReply = Reply & { phase: string };

export interface IngestStreamOptions {
  /** Documents the stream writes to (`<runId>-d<n>`). */
  documents: number;
  /** Concurrent client loops; each owns documents n with n % lanes = its index. */
  lanes: number;
  /** Share of changes that are deletes (of documents with an accepted upsert). */
  deleteShare: number;
  /** Least time between two requests of one lane (0: as fast as answers come). */
  paceMs: number;
  /** The client gives up on a request after this long (a hung request, recorded as such). */
  timeoutMs: number;
}

const acceptedBodySchema = z.object({
  eventId: z.string().min(1),
  documentId: z.string(),
  status: z.string(),
  version: z.number().int(),
});

const WORDS = (
  'queue store registry worker chunk vector embed retry backoff commit shard replica index ' +
  'library source webhook lease lock tenant filter token budget prompt citation snapshot'
).split(' ');

/**
 * A client streaming PUTs and DELETEs to a fixed set of documents, as fast as it may, recording
 * every reply. A change that got no 202 (503, hang, anything) is kept for `retryPending()`, which
 * resends it with the same Idempotency-Key until it is accepted, so the accepted set is complete.
 */
export class IngestStream {
  readonly accepted: AcceptedChange[] = [];
  readonly replies: IntakeReply[] = [];
  /** Label stamped on each reply sent from now on. */
  phase = 'before';
  private readonly pending: DocumentChange[] = [];
  private readonly hasUpsert = new Set<string>();
  private running = false;
  private lanes: Array<Promise<void>> = [];
  private sequence = 0;

  constructor(
    private readonly baseUrl: string,
    readonly runId: string,
    private readonly options: IngestStreamOptions,
  ) {}

  documentIds(): string[] {
    return Array.from({ length: this.options.documents }, (_, n) => `${this.runId}-d${n}`);
  }

  start(): void {
    this.running = true;
    this.lanes = Array.from({ length: this.options.lanes }, (_, lane) => this.lane(lane));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.lanes);
  }

  async waitAccepted(count: number, timeoutMs: number): Promise<void> {
    await waitFor(
      async () => (this.accepted.length >= count ? true : undefined),
      timeoutMs,
      `${count} accepted changes (have ${this.accepted.length})`,
    );
  }

  /** Resends every change not yet accepted until it is; returns those still refused at the end. */
  async retryPending(timeoutMs: number, concurrency = 8): Promise<string[]> {
    const queue = this.pending.splice(0);
    const refused: string[] = [];
    const retryOne = async (change: DocumentChange) => {
      try {
        await waitFor(
          async () => ((await this.submit(change, false)) ? true : undefined),
          timeoutMs,
        );
      } catch {
        refused.push(`${change.kind} ${change.documentId} (key ${change.idempotencyKey})`);
      }
    };
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let change = queue.shift(); change; change = queue.shift()) await retryOne(change);
      }),
    );
    return refused;
  }

  private async lane(index: number): Promise<void> {
    const mine = this.documentIds().filter((_, n) => n % this.options.lanes === index);
    // Every document gets an upsert first, so each one is in the model.
    for (const documentId of mine) {
      if (!this.running) return;
      await this.paced(() => this.submit(this.upsert(documentId), true));
    }
    while (this.running) {
      const documentId = mine[randomInt(mine.length)];
      const remove = this.hasUpsert.has(documentId) && Math.random() < this.options.deleteShare;
      const change = remove ? this.remove(documentId) : this.upsert(documentId);
      await this.paced(() => this.submit(change, true));
    }
  }

  /** Runs one request, then holds the lane until `paceMs` after its start: load shaping, not a wait. */
  private async paced(request: () => Promise<unknown>): Promise<void> {
    const started = Date.now();
    await request();
    const rest = started + this.options.paceMs - Date.now();
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }

  /** Sends a change once; true when accepted. A refusal is queued for retry on a first send. */
  private async submit(change: DocumentChange, first: boolean): Promise<boolean> {
    const path = `/v1/documents/${encodeURIComponent(change.documentId)}`;
    const reply = await send(this.baseUrl, change.kind === 'upsert' ? 'PUT' : 'DELETE', path, {
      body: change.kind === 'upsert' ? { text: change.text } : undefined,
      headers: { 'idempotency-key': change.idempotencyKey },
      timeoutMs: this.options.timeoutMs,
    });
    this.replies.push({ ...reply, phase: first ? this.phase : `${this.phase}-retry` });
    const body = reply.status === 202 ? acceptedBodySchema.safeParse(reply.body) : undefined;
    if (body?.success) {
      this.accepted.push({ change, ...body.data });
      if (change.kind === 'upsert') this.hasUpsert.add(change.documentId);
      return true;
    }
    if (first) this.pending.push(change);
    return false;
  }

  private upsert(documentId: string): DocumentChange {
    const token = `rv${randomBytes(5).toString('hex')}`;
    const words = Array.from({ length: 24 }, () => WORDS[randomInt(WORDS.length)]).join(' ');
    return {
      documentId,
      kind: 'upsert',
      token,
      text: `Revision ${token} of this document. ${words}.`,
      idempotencyKey: this.nextKey(),
    };
  }

  private remove(documentId: string): DocumentChange {
    return { documentId, kind: 'delete', idempotencyKey: this.nextKey() };
  }

  private nextKey(): string {
    this.sequence += 1;
    return `${this.runId}-k${this.sequence}`;
  }
}
