import { parseBenchOptions } from './cli/bench-options';
import { loadParagraphs } from './corpus/paragraph-source';
import { benchChunker } from './corpus/prepared-points';
import { benchEmbedder, measureCeilings, type Ceilings } from './ceilings/ceilings.phase';
import { runPeer } from './peer/langchain-peer';
import { runScale, type EditCost } from './phases/scale.phase';
import { editCostRows, peerRows, scaleRows } from './report/comparison-rows';
import { buildWorkloads, runMain } from './phases/main-run.phase';
import { mainRows, phaseRows } from './report/bench-rows';
import { insertAfterSection, type ReportRow } from './report/report-rows';
import { historyNote, historyRows, pushFreshnessRows } from './report/source-rows';
import { runSourcePhases } from './phases/source-phases';
import { writeReport } from './report/report-writer';
import { installSignalHandlers, runCleanup } from './support/cleanup-registry';

const started = Date.now();
const log = (message: string): void =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);

/** `npm run bench`: every figure of docs/benchmarks.md in one run, printed and saved. */
async function main(): Promise<void> {
  installSignalHandlers();
  const options = parseBenchOptions(process.argv.slice(2));
  const chunker = benchChunker();
  const pool = loadParagraphs();
  const work = buildWorkloads(pool, options);
  const notes: string[] = [
    `embedder ${options.embedder}; ${options.docs} docs of ~2 KB from rustc-dev-guide paragraphs (seed ${options.seed}); ${options.quick ? 'quick' : 'full'} mode`,
  ];

  const result = await runMain(options, chunker, pool, work, log);
  let ceilings: Ceilings | undefined;
  if (!options.skip.has('ceilings'))
    ceilings = await measureCeilings(options, chunker, work.corpus, log);
  const rows: ReportRow[] = [
    ...mainRows(options, result, ceilings),
    ...phaseRows('ragline', result.phases),
  ];
  const editPhase = result.phases[1];
  const ratio = editPhase.textsEmbedded / Math.max(1, result.changedChunks);
  rows.push({
    section: 'ragline',
    metric: 'edit: texts embedded / changed chunks',
    value: `${editPhase.textsEmbedded} / ${result.changedChunks} = ${ratio.toFixed(2)}`,
    target: '<= 1.2',
    status: ratio <= 1.2 ? 'PASS' : 'MISS',
  });

  if (!options.skip.has('peer')) {
    const embedder = await benchEmbedder(options.embedder);
    try {
      const peer = await runPeer(options.pgUrl, chunker, embedder, work, log);
      rows.push(...phaseRows('langchain', peer), ...peerRows(result.phases, peer));
    } finally {
      await embedder.close();
    }
  }
  const sources = await runSourcePhases(options, chunker, log);
  if (sources.pushFreshness) {
    insertAfterSection(rows, 'freshness', pushFreshnessRows(sources.pushFreshness));
  }
  if (sources.history) {
    rows.push(...historyRows(sources.history));
    notes.push(historyNote(sources.history));
  }
  let scaleEditCost: EditCost | undefined;
  if (!options.skip.has('scale')) {
    const scale = await runScale(
      options,
      chunker,
      pool,
      work.corpus.slice(0, options.scaleDocs),
      log,
    );
    rows.push(...scaleRows(scale.runs));
    scaleEditCost = scale.editCost;
    notes.push(
      'scale: 2 cores here; extra worker processes share them with the API, Redis and each other',
    );
  }
  rows.push(...editCostRows([scaleEditCost, result.editCost]));
  const markdown = writeReport(
    options.outDir,
    rows,
    { options: { ...options, skip: [...options.skip] }, result, ceilings, sources },
    notes,
  );
  console.log(markdown);
  log(`done; written to ${options.outDir}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanup());
