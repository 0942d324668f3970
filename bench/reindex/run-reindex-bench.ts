import { cpus, loadavg } from 'node:os';
import { Chunker } from '@ragline/chunking';
import { deleteRedisPrefix } from '@ragline/testing';
import { generateCorpus } from '../corpus/corpus-generator';
import { loadParagraphs } from '../corpus/paragraph-source';
import { benchChunker } from '../corpus/prepared-points';
import { measureFreshness } from '../phases/freshness.phase';
import { startService } from '../service/ragline-service';
import { installSignalHandlers, onCleanup, runCleanup } from '../support/cleanup-registry';
import { newChunkTexts } from './new-chunk-texts';
import { ReindexClient } from './reindex-client';
import { parseReindexOptions } from './reindex-options';
import { measureFreshnessUnderReindex, measureIngest, runReindex } from './reindex-phases';
import { writeReindexReport } from './reindex-report';
import { reindexRows } from './reindex-rows';

/** The chunking-only reindex: a smaller size, so about half the chunk texts stay as they were. */
const NEW_CHUNKING = { sizeTokens: 192, overlapTokens: 32 };

const started = Date.now();
const log = (message: string): void =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);

/**
 * `npm run bench:reindex`: on one service and one library, the fresh ingest rate, an embedder
 * migration's throughput, what a chunking-only and a search-mode-only reindex embed, and live
 * freshness without and with a reindex running.
 */
async function main(): Promise<void> {
  installSignalHandlers();
  const argv = process.argv.slice(2);
  const options = parseReindexOptions(argv);
  const corpus = generateCorpus(loadParagraphs(), { count: options.docs, seed: options.seed });
  const { prefix, redisUrl } = options;
  // Registered before the service, so it runs after the service has stopped.
  if (prefix) {
    onCleanup(`redis ${prefix}`, async () => {
      await deleteRedisPrefix(redisUrl, prefix);
    });
  }
  const service = await startService({
    workers: 1,
    embedder: 'hash',
    redisUrl,
    workerConcurrency: 128,
    // No worker /metrics port: the bench reads none, and a fixed one collides between runs.
    env: { METRICS_PORT: '0', ...(prefix ? { RAGLINE_QUEUE_PREFIX: prefix } : {}) },
  });
  const client = new ReindexClient(service.baseUrl);
  try {
    log(`ingesting ${corpus.length} documents`);
    const ingest = await measureIngest(client, corpus);
    const migrationLabel = 'embedder hash 384 -> 256 dims';
    log(`reindex: ${migrationLabel}`);
    const migration = await runReindex(client, { embedder: { kind: 'hash', dimensions: 256 } });

    const { sizeTokens, overlapTokens } = NEW_CHUNKING;
    const chunkingLabel = `chunking 256/32 -> ${sizeTokens}/${overlapTokens} tokens`;
    const newChunker = new Chunker({
      chunkSizeTokens: sizeTokens,
      chunkOverlapTokens: overlapTokens,
    });
    const expected = await newChunkTexts(benchChunker(), newChunker, corpus);
    log(`reindex: ${chunkingLabel}`);
    const chunking = await runReindex(client, { chunking: NEW_CHUNKING });
    const searchModeLabel = 'search mode sparse -> hybrid';
    log(`reindex: ${searchModeLabel}`);
    const searchMode = await runReindex(client, { searchMode: 'hybrid' });

    // Shorter than the migration took, so the live changes fit inside the next run.
    const load = { rate: options.rate, seconds: Math.max(5, Math.floor(migration.seconds * 0.8)) };
    log(`freshness without a reindex: ${load.rate}/s for ${load.seconds} s`);
    const baseline = await measureFreshness(client, corpus, load.rate, load.seconds);
    const underLabel = 'embedder hash 256 -> 320 dims';
    log(`freshness with a reindex running (${underLabel})`);
    const under = await measureFreshnessUnderReindex(
      client,
      corpus,
      { embedder: { kind: 'hash', dimensions: 320 } },
      load,
    );

    const rows = reindexRows({
      ingest,
      migration: { label: migrationLabel, result: migration },
      chunking: { label: chunkingLabel, result: chunking, expected },
      searchMode: { label: searchModeLabel, result: searchMode },
      baseline,
      underReindex: { ...under, label: underLabel },
    });
    const command = ['npm run bench:reindex', ...(argv.length > 0 ? ['--', ...argv] : [])];
    const markdown = writeReindexReport(options.out, command.join(' '), rows, [
      `${options.docs} docs of ~2 KB from rustc-dev-guide paragraphs (seed ${options.seed}); ${options.quick ? 'quick' : 'full'} mode; EMBEDDER=hash; 1 API + 1 worker process on ${cpus().length} cores; REINDEX_* and EMBEDDING_CONCURRENCY at their defaults`,
      `load average (1 min) ${loadavg()[0].toFixed(1)} at the end: other processes on the machine share the cores and widen p99`,
      'order, all on the `default` library: ingest, migration, chunking-only, search-mode-only, freshness without, freshness with',
      `live changes: ${load.rate}/s for ${load.seconds} s each side, 202 -> the change's token returned by a query (the main bench's freshness); both sides write to the live and the kept previous version (REINDEX_KEEP_VERSIONS=1), the second also to the one being built`,
    ]);
    console.log(markdown);
    log(`written to ${options.out}`);
  } finally {
    await service.stop();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanup());
