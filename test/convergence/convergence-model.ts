import fc from 'fast-check';

/** One client action in a generated history. */
export type Op =
  | { type: 'upsert'; doc: number; version?: number; variant: number }
  | { type: 'delete'; doc: number; version?: number }
  /** Send the op at `index` (mod history length) again with its Idempotency-Key: must enqueue nothing new. */
  | { type: 'redeliver'; index: number };

export const DOCS_PER_RUN = 3;

const version = fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined, freq: 3 });
export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('upsert' as const),
      doc: fc.nat(DOCS_PER_RUN - 1),
      version,
      variant: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('delete' as const),
      doc: fc.nat(DOCS_PER_RUN - 1),
      version,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('redeliver' as const), index: fc.nat(40) }),
  },
);
export const historyArbitrary = fc.array(opArbitrary, { minLength: 1, maxLength: 16 });

/**
 * The text of revision `variant` of document `doc`. Marker paragraphs carry `d<doc>r<variant>`, so a
 * reader can tell which revision a chunk belongs to; shared paragraphs let revisions reuse chunks.
 */
export function documentText(doc: number, variant: number): string {
  return [
    `Marker d${doc}r${variant} opens document ${doc}.`,
    `Shared paragraph one of document ${doc} explains how the queue, the store and the registry cooperate.`,
    `Marker d${doc}r${variant} paragraph two: revision ${variant} rewrites this part of document ${doc}.`,
    `Shared paragraph three of document ${doc} describes retries, backoff and the dead-letter set.`,
    `Marker d${doc}r${variant} paragraph four: revision ${variant} closes document ${doc} differently.`,
  ].join('\n\n');
}

export interface ExpectedDocument {
  version: number;
  /** Text of the winning upsert, or undefined when the winner is a delete (or nothing was accepted). */
  text?: string;
}

/** A history resolved to what the client sends: the concrete ops, with the redeliveries pointing back. */
export interface PlannedSend {
  op: Exclude<Op, { type: 'redeliver' }>;
  idempotencyKey: string;
  /** Index of the send this one repeats (same key), when it is a redelivery. */
  repeats?: number;
}

export function planSends(history: Op[], runId: string): PlannedSend[] {
  const sends: PlannedSend[] = [];
  history.forEach((op, i) => {
    if (op.type === 'redeliver') {
      if (sends.length === 0) return;
      const target = op.index % sends.length;
      sends.push({ ...sends[target], repeats: sends[target].repeats ?? target });
    } else {
      sends.push({ op, idempotencyKey: `${runId}-${i}` });
    }
  });
  return sends;
}

/**
 * The registry's intake rule, restated: a version is the explicit one or latest + 1; it is accepted
 * only if newer than every version accepted before; the highest accepted version wins.
 * Sends to one document are applied in order; redeliveries change nothing.
 */
export class ConvergenceModel {
  private readonly latest = new Map<number, number>();
  readonly expected = new Map<number, ExpectedDocument>();

  /** Returns the status intake must answer: queued or superseded. */
  apply(send: PlannedSend): { status: 'queued' | 'superseded'; version: number } | undefined {
    if (send.repeats !== undefined) return undefined;
    const { op } = send;
    const latest = this.latest.get(op.doc) ?? -1;
    const version = op.version ?? Math.max(latest + 1, 1);
    if (version <= latest) return { status: 'superseded', version };
    this.latest.set(op.doc, version);
    this.expected.set(op.doc, {
      version,
      text: op.type === 'upsert' ? documentText(op.doc, op.variant) : undefined,
    });
    return { status: 'queued', version };
  }
}
