import { performance } from 'node:perf_hooks';
import { renderDocument, type BenchDocument } from '../corpus/corpus-generator';
import type { RaglineClient } from '../service/ragline-client';
import { mapBounded } from '../support/bounded-pool';
import { sumOutcomes, waitForEvents, type OutcomeTotals } from './wait-for-events';

export interface WriteResult {
  documents: number;
  wallMs: number;
  /** Time until the last 202: how fast the API accepts. */
  acceptMs: number;
  outcomes: OutcomeTotals;
}

/**
 * PUTs (or DELETEs) documents with bounded client concurrency and waits until all are applied.
 * Wall time runs from the first request to the moment the last event is applied.
 */
export async function writeDocuments(
  client: RaglineClient,
  documents: readonly BenchDocument[],
  options: { concurrency: number; deadlineMs: number; kind?: 'put' | 'delete' },
): Promise<WriteResult> {
  const deadline = Date.now() + options.deadlineMs;
  const started = performance.now();
  const accepted = await mapBounded(documents, options.concurrency, (document) =>
    options.kind === 'delete'
      ? client.delete(document.id)
      : client.put(document.id, { text: renderDocument(document), title: document.title }),
  );
  const acceptMs = performance.now() - started;
  const eventIds = accepted.map((a) => a.eventId);
  await waitForEvents(client, eventIds, deadline);
  const wallMs = performance.now() - started;
  return {
    documents: documents.length,
    wallMs,
    acceptMs,
    outcomes: await sumOutcomes(client, eventIds),
  };
}
