import fc from 'fast-check';
import type { Acl } from './permission-client';

/** Documents per history; sends to one document go in order, documents in parallel. */
export const HISTORY_DOCS = 3;

const HISTORY_POOL = ['user:ann@example.com', 'user:bo@example.com', 'group:eng', 'group:ops'];

/** Who the reader loop reads as: nobody in particular, each principal, and a pair. */
export const HISTORY_READERS: readonly string[][] = [
  [],
  ...HISTORY_POOL.map((principal) => [principal]),
  ['user:bo@example.com', 'group:eng'],
];

/** In every history document: the sparse query that matches them all. */
export const HISTORY_TOKEN = 'histprobe';

/**
 * One client change: a content `edit` (keeps the ACL), an `acl` change (keeps the text), or
 * `both`. An explicit `version` may be older than what was accepted: a late delivery. `settle`
 * waits for the change to be applied before the next one, so readers see intermediate versions.
 */
export interface HistoryOp {
  doc: number;
  change: 'edit' | 'acl' | 'both';
  acl: Acl;
  version?: number;
  settle: boolean;
}

const historyAcl: fc.Arbitrary<Acl> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Acl>(undefined) },
  { weight: 1, arbitrary: fc.constant<Acl>({ read: [] }) },
  {
    weight: 5,
    arbitrary: fc.subarray(HISTORY_POOL, { minLength: 1, maxLength: 3 }).map((read) => ({ read })),
  },
);

export const historyArbitrary: fc.Arbitrary<HistoryOp[]> = fc.array(
  fc.record({
    doc: fc.nat(HISTORY_DOCS - 1),
    change: fc.constantFrom('edit' as const, 'acl' as const, 'both' as const),
    acl: historyAcl,
    version: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined, freq: 2 }),
    settle: fc.boolean(),
  }),
  { minLength: 4, maxLength: 20 },
);

/** A planned PUT with what the model says intake answers and what the version holds. */
export interface HistorySend {
  /** `metadata.send`: which send a hit comes from (unique in the run). */
  tag: string;
  doc: number;
  documentId: string;
  settle: boolean;
  predicted: { status: 'queued' | 'superseded'; version: number };
  /** The version's ACL and content marker (`doc<d>v<version that wrote the text>`). */
  acl: Acl;
  marker: string;
  body: Record<string, unknown>;
}

/** The content marker in a text: the version that last changed the content. */
export const MARKER = /doc\d+v\d+/;

/**
 * The registry's rule (as in the convergence model): a version is the explicit one or latest + 1,
 * accepted only if newer than every version accepted before; the highest accepted version wins.
 * An edit keeps the newest accepted ACL, an ACL change the newest accepted text.
 */
export function planHistory(ops: readonly HistoryOp[], runId: string): HistorySend[] {
  const latest = new Map<number, HistorySend>();
  return ops.map((op, index) => {
    const current = latest.get(op.doc);
    const newest = current?.predicted.version ?? -1;
    const version = op.version ?? Math.max(newest + 1, 1);
    const status = version <= newest ? 'superseded' : 'queued';
    const keepsText = op.change === 'acl' && current !== undefined;
    const marker = keepsText ? current.marker : `doc${op.doc}v${version}`;
    const acl = op.change === 'edit' && current !== undefined ? current.acl : op.acl;
    const tag = `s${index}`;
    const send: HistorySend = {
      tag,
      doc: op.doc,
      documentId: `${runId}/d${op.doc}`,
      settle: op.settle,
      predicted: { status, version },
      acl,
      marker,
      body: {
        text: `${HISTORY_TOKEN} ${marker} of ${runId}: revision text ${marker} for readers.`,
        metadata: { run: runId, send: tag },
        ...(acl === undefined ? {} : { acl }),
        ...(op.version === undefined ? {} : { version: op.version }),
      },
    };
    if (status === 'queued') latest.set(op.doc, send);
    return send;
  });
}

/** The winning send of each document: the highest accepted version. */
export function finalSends(sends: readonly HistorySend[]): Map<string, HistorySend> {
  const winners = new Map<string, HistorySend>();
  for (const send of sends) {
    if (send.predicted.status !== 'queued') continue;
    const held = winners.get(send.documentId);
    if (!held || held.predicted.version < send.predicted.version) {
      winners.set(send.documentId, send);
    }
  }
  return winners;
}
