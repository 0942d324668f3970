import type { LibraryRef } from '@ragline/events';

/** A queue's state for the gauges, read when metrics are scraped. */
export interface QueueGaugeReading {
  library: LibraryRef;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest waiting job, seconds (0 when none waits). */
  oldestWaitingSeconds: number;
}

/**
 * What Ragline measures, named for what happened (the Prometheus adapter turns each into
 * `ragline_*` series). Label values are bounded: tenant, library, kinds and outcomes — never a
 * document id, a query, a key.
 */
export interface Metrics {
  eventAccepted(library: LibraryRef, kind: 'upsert' | 'delete', status: string): void;
  /** A worker finished an event: `completed`, `failed`, `superseded`, `unchanged`, `stale`. */
  eventFinished(library: LibraryRef, kind: 'upsert' | 'delete', outcome: string): void;
  /** Accept → searchable, seconds (the bench's freshness, live). */
  freshness(library: LibraryRef, seconds: number): void;
  embedderCall(
    operation: 'documents' | 'query',
    texts: number,
    tokens: number,
    seconds: number,
    error?: string,
  ): void;
  storeCall(operation: string, seconds: number, failed: boolean): void;
  query(library: LibraryRef, mode: string, seconds: number): void;
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  sourceSync(library: LibraryRef, status: string, counts: Record<string, number>): void;
  /** A reindex batch rebuilt one document (`indexed`, `unchanged`, `deleted`, `failed`). */
  reindexDocument(library: LibraryRef, outcome: string): void;
  /** A reindex run reached a decision (`completed`, `ready`, `failed`, `cancelled`, `rolled-back`). */
  reindexRun(library: LibraryRef, status: string): void;
  /** Gauges read on each scrape (queue depths need a call per library). */
  onScrape(reader: () => Promise<QueueGaugeReading[]>): void;
  /** The Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

export const METRICS = Symbol('METRICS');
