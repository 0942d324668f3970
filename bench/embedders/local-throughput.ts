/**
 * Passages per second of the local embedder (USE Lite in piscina worker threads) with 1 and 2
 * threads, on ~230-token passages, plus the worst event-loop stall seen meanwhile.
 *
 * Run on the SWC build (the worker file must be copied next to the adapter):
 *   npx swc apps libs bench -d .tmp/bench-build --copy-files --only "**\/*.ts,**\/*.worker.js" \
 *     --ignore "**\/*.spec.ts" -q && node .tmp/bench-build/bench/embedders/local-throughput.js [passages]
 */
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { countTokens } from '@ragline/chunking';
import { LocalEmbedder } from '@ragline/embedders';

const WORDS = (
  'the queue keeps every document event durable in redis before the worker chunks embeds and ' +
  'stores it vectors land in lancedb or qdrant with a payload naming source path and version a ' +
  'retry backs off when the provider throttles and the registry remembers which chunks belong ' +
  'to which document so stale ones are deleted after a re-index search fuses dense and sparse ' +
  'results with reciprocal rank fusion then trims context to a token budget for the prompt'
).split(' ');

/** Deterministic, varied English-like passages of about 230 cl100k tokens. */
function passages(count: number): string[] {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    const sentences: string[] = [];
    for (let words = 0; words < 184;) {
      const length = 8 + Math.floor(next() * 12);
      const sentence = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]);
      sentences.push(sentence.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.');
      words += length;
    }
    return sentences.join(' ');
  });
}

async function measure(threads: number, texts: string[]) {
  const embedder = await LocalEmbedder.create({ threads, batchSize: 16 });
  await embedder.embedDocuments(texts.slice(0, 16 * threads)); // load the model in every thread
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  await embedder.embedDocuments(texts);
  const seconds = (performance.now() - started) / 1000;
  lag.disable();
  await embedder.close();
  return {
    threads,
    passages: texts.length,
    seconds: Number(seconds.toFixed(2)),
    passagesPerSecond: Number((texts.length / seconds).toFixed(1)),
    maxEventLoopStallMs: Number((lag.max / 1e6).toFixed(1)),
  };
}

async function main() {
  const count = Number(process.argv[2] ?? 128);
  const texts = passages(count);
  const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0) / count;
  console.log(JSON.stringify({ meanTokensPerPassage: Math.round(tokens) }));
  for (const threads of [1, 2]) console.log(JSON.stringify(await measure(threads, texts)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
