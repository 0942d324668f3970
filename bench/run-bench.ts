import { parseBenchOptions } from './cli/bench-options';
import { loadParagraphs } from './corpus/paragraph-source';
import { benchChunker } from './corpus/prepared-points';
import { measureCeilings, type Ceilings } from './ceilings/ceilings.phase';
import { buildWorkloads, runMain } from './phases/main-run.phase';
import { mainRows, phaseRows } from './report/bench-rows';
import type { ReportRow } from './report/report-rows';
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

  const markdown = writeReport(
    options.outDir,
    rows,
    { options: { ...options, skip: [...options.skip] }, result, ceilings },
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
