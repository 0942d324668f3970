/**
 * `npm run bench:quality -- [options]`: retrieval quality of Ragline on a BEIR data set, through
 * the real pipeline (HTTP API -> queue -> worker -> store). Starts its own service process on
 * 127.0.0.1 with a fresh Redis prefix and data dir, and removes all three when done.
 * Prints nDCG@10, Recall@100, ingest rate and query latency per search mode; writes JSON and
 * Markdown to bench/results/. Method and results: docs/quality.md.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadBeirDataset } from './beir-dataset';
import { evaluateMode } from './evaluate-queries';
import { ingestCorpus } from './ingest-corpus';
import { parseQualityArgs } from './quality-args';
import { renderReport, type QualityReport } from './quality-report';
import { RaglineClient } from './ragline-client';
import { deleteRedisPrefix } from '@ragline/testing';
import { startService, type RunningService } from './service-process';

/** The worker compacts the store this often; waiting two periods after ingest lets the last
 * written rows join LanceDB's BM25 index, as they would in any service running a minute longer. */
const OPTIMIZE_INTERVAL_MS = 5000;

async function main(): Promise<void> {
  const root = process.cwd();
  const args = parseQualityArgs(process.argv.slice(2), root);
  if (!existsSync(join(root, 'dist/apps/standalone/src/main.js'))) {
    throw new Error('no build in dist/: run `npm run build` (npm run bench:quality does)');
  }
  const dataset = await loadBeirDataset(args.dataset);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench_quality_${process.pid}_${Date.now().toString(36)}`;
  const workDir = await mkdtemp(join(tmpdir(), 'ragline-quality-'));
  const startedAt = new Date().toISOString();
  let service: RunningService | undefined;

  let cleaning: Promise<void> | undefined;
  let failed = false;
  const cleanup = () =>
    (cleaning ??= (async () => {
      const exited = service?.exitStatus();
      if (exited) console.error(`the service process ended on its own (${exited})`);
      await service?.stop();
      if (failed) {
        // The temp dir goes; its service log is the one clue to why the run failed: keep it.
        const kept = join(
          args.outDir,
          `quality-failed-${startedAt.replace(/[:.]/g, '-')}-service.log`,
        );
        await mkdir(args.outDir, { recursive: true });
        await copyFile(join(workDir, 'service.log'), kept).catch(() => undefined);
        console.error(`service log kept in ${kept}`);
      }
      await deleteRedisPrefix(redisUrl, prefix).catch((error: unknown) =>
        console.error(`could not delete Redis keys ${prefix}:*: ${String(error)}`),
      );
      await rm(workDir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the service and cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const settings = {
      EMBEDDER: args.embedder,
      CHUNK_SIZE_TOKENS: args.chunkSizeTokens,
      CHUNK_OVERLAP_TOKENS: args.chunkOverlapTokens,
      WORKER_CONCURRENCY: args.workerConcurrency,
      ingestConcurrency: args.ingestConcurrency,
      topK: args.topK,
    };
    console.log(
      `bench:quality ${dataset.name}: ${dataset.corpus.length} documents, ` +
        `${dataset.queries.length} judged queries; ${JSON.stringify(settings)}`,
    );
    service = await startService({
      root,
      logFile: join(workDir, 'service.log'),
      env: {
        REDIS_URL: redisUrl,
        RAGLINE_QUEUE_PREFIX: prefix,
        DATA_DIR: join(workDir, 'data'),
        EMBEDDER: args.embedder,
        CHUNK_SIZE_TOKENS: String(args.chunkSizeTokens),
        CHUNK_OVERLAP_TOKENS: String(args.chunkOverlapTokens),
        WORKER_CONCURRENCY: String(args.workerConcurrency),
        STORE_OPTIMIZE_INTERVAL_MS: String(OPTIMIZE_INTERVAL_MS),
        LOG_LEVEL: 'warn',
      },
    });
    const client = new RaglineClient(service.baseUrl);

    console.log(`ingesting through ${service.baseUrl} (pid ${service.pid})`);
    const ingest = await ingestCorpus(client, dataset.corpus, {
      concurrency: args.ingestConcurrency,
    });
    await sleep(2 * OPTIMIZE_INTERVAL_MS);

    const modes = [];
    for (const mode of args.modes) {
      const result = await evaluateMode(client, dataset, mode, {
        topK: args.topK,
        limitQueries: args.limitQueries,
      });
      console.log(
        `  ${mode}: nDCG@10 ${result.ndcgAt10.toFixed(3)}, Recall@100 ${result.recallAt100.toFixed(3)}, ` +
          `p50 ${result.latencyMs.p50} ms`,
      );
      modes.push(result);
    }

    const report: QualityReport = {
      dataset: dataset.name,
      embedder: args.embedder,
      startedAt,
      settings,
      corpusDocuments: dataset.corpus.length,
      judgedQueries: dataset.queries.length,
      ingest,
      modes,
    };
    const markdown = renderReport(report);
    await mkdir(args.outDir, { recursive: true });
    const stamp = startedAt.replace(/[:.]/g, '-');
    const base = join(
      args.outDir,
      `quality-${dataset.name}-${args.embedder}-c${args.chunkSizeTokens}-${stamp}`,
    );
    await writeFile(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
    await writeFile(`${base}.md`, markdown);
    console.log(`\n${markdown}\nwritten: ${base}.json, ${base}.md`);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
