import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LibraryRef } from '@ragline/events';
import type { Metrics, QueueGaugeReading } from '../metrics.port';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const FRESHNESS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

/** Metrics on prom-client: one registry per process, served at /metrics (API) or METRICS_PORT (worker). */
export class PrometheusMetrics implements Metrics {
  private readonly registry = new Registry();
  private readonly readers: Array<() => Promise<QueueGaugeReading[]>> = [];

  private readonly accepted = this.counter(
    'ragline_events_accepted_total',
    'Document changes accepted at intake.',
    ['tenant', 'library', 'kind', 'status'],
  );
  private readonly finished = this.counter(
    'ragline_events_finished_total',
    'Document changes a worker finished, by outcome.',
    ['tenant', 'library', 'kind', 'outcome'],
  );
  private readonly freshnessSeconds = new Histogram({
    name: 'ragline_freshness_seconds',
    help: 'Accept (202) to searchable, per applied change.',
    labelNames: ['tenant', 'library'],
    buckets: FRESHNESS_BUCKETS,
    registers: [this.registry],
  });
  private readonly embedCalls = this.counter('ragline_embedder_calls_total', 'Embedder calls.', [
    'operation',
    'outcome',
  ]);
  private readonly embedTexts = this.counter(
    'ragline_embedder_texts_total',
    'Texts sent to the embedder.',
    ['operation'],
  );
  private readonly embedTokens = this.counter(
    'ragline_embedder_tokens_total',
    'Tokens (cl100k_base) sent to the embedder.',
    ['operation'],
  );
  private readonly embedSeconds = this.histogram(
    'ragline_embedder_call_seconds',
    'Embedder call latency.',
    ['operation'],
  );
  private readonly storeSeconds = this.histogram(
    'ragline_store_call_seconds',
    'Vector store call latency.',
    ['operation', 'outcome'],
  );
  private readonly querySeconds = this.histogram(
    'ragline_query_seconds',
    'Retrieval latency (embed + search + rerank).',
    ['tenant', 'library', 'mode'],
  );
  private readonly httpSeconds = this.histogram(
    'ragline_http_request_seconds',
    'HTTP requests by route template and status.',
    ['method', 'route', 'status'],
  );
  private readonly syncs = this.counter(
    'ragline_source_syncs_total',
    'Source syncs by final status.',
    ['tenant', 'library', 'status'],
  );
  private readonly syncFiles = this.counter(
    'ragline_source_sync_files_total',
    'Files a source sync handled, by what it did.',
    ['tenant', 'library', 'change'],
  );
  private readonly reindexDocuments = this.counter(
    'ragline_reindex_documents_total',
    'Documents reindex batches rebuilt, by outcome (indexed, unchanged, deleted, failed).',
    ['tenant', 'library', 'outcome'],
  );
  private readonly reindexRuns = this.counter(
    'ragline_reindex_runs_total',
    'Reindex runs that reached a decision, by status (completed, ready, failed, cancelled, rolled-back).',
    ['tenant', 'library', 'status'],
  );
  private readonly queueJobs = new Gauge({
    name: 'ragline_queue_jobs',
    help: 'Sync jobs of each library queue by state.',
    labelNames: ['tenant', 'library', 'state'],
    registers: [this.registry],
  });
  private readonly queueAge = new Gauge({
    name: 'ragline_queue_oldest_waiting_seconds',
    help: 'Age of the oldest waiting sync job of each library.',
    labelNames: ['tenant', 'library'],
    registers: [this.registry],
  });

  constructor(role: string) {
    this.registry.setDefaultLabels({ role });
    collectDefaultMetrics({ register: this.registry, prefix: 'ragline_process_' });
  }

  eventAccepted(library: LibraryRef, kind: string, status: string): void {
    this.accepted.inc({ ...labels(library), kind, status });
  }
  eventFinished(library: LibraryRef, kind: string, outcome: string): void {
    this.finished.inc({ ...labels(library), kind, outcome });
  }
  freshness(library: LibraryRef, seconds: number): void {
    this.freshnessSeconds.observe(labels(library), Math.max(0, seconds));
  }
  embedderCall(
    operation: string,
    texts: number,
    tokens: number,
    seconds: number,
    error?: string,
  ): void {
    this.embedCalls.inc({ operation, outcome: error ?? 'ok' });
    this.embedTexts.inc({ operation }, texts);
    this.embedTokens.inc({ operation }, tokens);
    this.embedSeconds.observe({ operation }, seconds);
  }
  storeCall(operation: string, seconds: number, failed: boolean): void {
    this.storeSeconds.observe({ operation, outcome: failed ? 'error' : 'ok' }, seconds);
  }
  query(library: LibraryRef, mode: string, seconds: number): void {
    this.querySeconds.observe({ ...labels(library), mode }, seconds);
  }
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status: String(status) }, seconds);
  }
  sourceSync(library: LibraryRef, status: string, counts: Record<string, number>): void {
    this.syncs.inc({ ...labels(library), status });
    for (const [change, n] of Object.entries(counts)) {
      if (n > 0) this.syncFiles.inc({ ...labels(library), change }, n);
    }
  }
  reindexDocument(library: LibraryRef, outcome: string): void {
    this.reindexDocuments.inc({ ...labels(library), outcome });
  }
  reindexRun(library: LibraryRef, status: string): void {
    this.reindexRuns.inc({ ...labels(library), status });
  }
  onScrape(reader: () => Promise<QueueGaugeReading[]>): void {
    this.readers.push(reader);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    this.queueJobs.reset();
    this.queueAge.reset();
    for (const reader of this.readers) {
      for (const reading of await reader().catch(() => [])) {
        const base = labels(reading.library);
        for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
          this.queueJobs.set({ ...base, state }, reading[state]);
        }
        this.queueAge.set(base, reading.oldestWaitingSeconds);
      }
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private counter(name: string, help: string, labelNames: string[]): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
  private histogram(name: string, help: string, labelNames: string[]): Histogram {
    return new Histogram({
      name,
      help,
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }
}

function labels(library: LibraryRef): { tenant: string; library: string } {
  return { tenant: library.tenant, library: library.library };
}
