import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  embedder: 'hash' | 'local';
  /** Documents of the main ingest (and of the peer comparison). */
  docs: number;
  /** Documents per run of the 1/2/4-worker scale test. */
  scaleDocs: number;
  workerCounts: number[];
  /** Changes per second and seconds of both the freshness and the revocation phase. */
  freshnessRate: number;
  freshnessSeconds: number;
  /** Seconds per (mode, concurrency) cell of the query test. */
  querySeconds: number;
  queryConcurrency: number[];
  /** Library sizes (chunks) of the query test, ascending; topped up through the store if short. */
  queryChunks: number[];
  clientConcurrency: number;
  workerConcurrency: number;
  editCount: number;
  /** Pushes of the push-freshness phase (commits of the history, one per push) and their rate. */
  pushCommits: number;
  pushRate: number;
  /**
   * Where both git-source phases start in the rustc-dev-guide history (0: its base), and how many
   * commits they take from there (350 from 0 is all of it). Quick mode takes the last 30 (from
   * 320): they end at final.jsonl and hold adds, renames and a delete.
   */
  historyFrom: number;
  historyCommits: number;
  skip: Set<string>;
  redisUrl: string;
  pgUrl: string;
  seed: number;
  outDir: string;
}

export const PHASES = [
  'ingest',
  'ceilings',
  'freshness',
  'revocation',
  'query',
  'peer',
  'scale',
  'sizes',
  'push-freshness',
  'history',
];

const USAGE = `npm run bench -- [--quick] [--embedder hash|local] [--docs N] [--scale-docs N]
  [--workers 1,2,4] [--worker-concurrency 128] [--rate 50] [--seconds 60] [--query-seconds 5] [--query-chunks 10000,100000]
  [--edits 100] [--push-commits 150] [--push-rate 2] [--history-from 0] [--history-commits 350]
  [--skip peer,scale,...] [--redis URL] [--pg URL] [--seed N] [--out DIR]`;

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number\n${USAGE}`);
  return value;
}

function nonNegative(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative integer\n${USAGE}`);
  return value;
}

/** Flags -> options. Quick mode shrinks every phase so the whole run stays under 3 minutes. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      embedder: { type: 'string', default: 'hash' },
      docs: { type: 'string' },
      'scale-docs': { type: 'string' },
      workers: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      'query-seconds': { type: 'string' },
      'query-chunks': { type: 'string' },
      edits: { type: 'string' },
      'push-commits': { type: 'string' },
      'push-rate': { type: 'string' },
      'history-from': { type: 'string' },
      'history-commits': { type: 'string' },
      skip: { type: 'string', default: '' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
      pg: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/test' },
      seed: { type: 'string' },
      'worker-concurrency': { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const embedder = values.embedder;
  if (embedder !== 'hash' && embedder !== 'local')
    throw new Error(`--embedder hash|local\n${USAGE}`);
  const quick = values.quick;
  const local = embedder === 'local';
  // The local model embeds ~24 passages/s on 2 cores: its defaults keep a run within minutes.
  const docs = positive(values.docs, local ? (quick ? 100 : 400) : quick ? 300 : 5000, 'docs');
  const skip = new Set(values.skip.split(',').filter((s) => s.length > 0));
  for (const phase of skip) {
    if (!PHASES.includes(phase))
      throw new Error(`--skip: unknown phase ${phase} (${PHASES.join(', ')})`);
  }
  return {
    quick,
    embedder,
    docs,
    scaleDocs: positive(values['scale-docs'], local ? docs : quick ? 80 : 2000, 'scale-docs'),
    workerCounts: (values.workers ?? '1,2,4').split(',').map((w) => positive(w, 1, 'workers')),
    freshnessRate: positive(values.rate, 50, 'rate'),
    freshnessSeconds: positive(values.seconds, quick ? 2 : 60, 'seconds'),
    querySeconds: positive(values['query-seconds'], quick ? 1 : 5, 'query-seconds'),
    queryConcurrency: [1, 8, 32],
    queryChunks: (values['query-chunks'] ?? (quick || local ? '10000' : '10000,100000'))
      .split(',')
      .map((size) => positive(size, 10_000, 'query-chunks'))
      .sort((a, b) => a - b),
    clientConcurrency: 32,
    workerConcurrency: positive(values['worker-concurrency'], 128, 'worker-concurrency'),
    editCount: positive(values.edits, 100, 'edits'),
    pushCommits: positive(values['push-commits'], quick ? 30 : 150, 'push-commits'),
    pushRate: positive(values['push-rate'], 2, 'push-rate'),
    historyFrom: nonNegative(values['history-from'], quick ? 320 : 0, 'history-from'),
    historyCommits: positive(values['history-commits'], quick ? 30 : 350, 'history-commits'),
    skip,
    redisUrl: values.redis,
    pgUrl: values.pg,
    seed: positive(values.seed, 20240601, 'seed'),
    outDir: values.out,
  };
}
