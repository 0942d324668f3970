import { resolve } from 'node:path';

export type SearchMode = 'sparse' | 'dense' | 'hybrid';
export type BenchEmbedder = 'hash' | 'local';

export interface QualityArgs {
  dataset: string;
  embedder: BenchEmbedder;
  modes: SearchMode[];
  limitQueries?: number;
  chunkSizeTokens: number;
  chunkOverlapTokens: number;
  workerConcurrency: number;
  /** Simultaneous PUTs while ingesting. */
  ingestConcurrency: number;
  topK: number;
  outDir: string;
}

const USAGE = `usage: npm run bench:quality -- [--dataset <beir dir>] [--embedder hash|local]
  [--modes sparse,dense,hybrid] [--limit-queries N] [--chunk-size 256] [--chunk-overlap 32]
  [--worker-concurrency 8] [--ingest-concurrency 16] [--out bench/results]`;

const MODES: readonly SearchMode[] = ['sparse', 'dense', 'hybrid'];

/** Parses argv (after `node script`); throws with the usage on anything unknown or malformed. */
export function parseQualityArgs(argv: readonly string[], cwd: string): QualityArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) {
      throw new Error(`bad argument "${flag}"\n${USAGE}`);
    }
    values.set(flag.slice(2), value);
    i++;
  }
  const known = [
    'dataset',
    'embedder',
    'modes',
    'limit-queries',
    'chunk-size',
    'chunk-overlap',
    'worker-concurrency',
    'ingest-concurrency',
    'out',
  ];
  const unknown = [...values.keys()].filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`unknown option --${unknown[0]}\n${USAGE}`);

  const embedder = values.get('embedder') ?? 'local';
  if (embedder !== 'hash' && embedder !== 'local')
    throw new Error(`--embedder: hash or local\n${USAGE}`);
  const modes = (values.get('modes') ?? MODES.join(',')).split(',').map((mode) => {
    const found = MODES.find((known) => known === mode.trim());
    if (!found) throw new Error(`--modes: a comma list of ${MODES.join(', ')}\n${USAGE}`);
    return found;
  });
  const limit = values.get('limit-queries');
  return {
    dataset: resolve(cwd, values.get('dataset') ?? '../shared/datasets/scifact'),
    embedder,
    modes,
    limitQueries: limit === undefined ? undefined : positive('limit-queries', limit),
    chunkSizeTokens: positive('chunk-size', values.get('chunk-size') ?? '256'),
    chunkOverlapTokens: Number(values.get('chunk-overlap') ?? '32'),
    workerConcurrency: positive('worker-concurrency', values.get('worker-concurrency') ?? '8'),
    ingestConcurrency: positive('ingest-concurrency', values.get('ingest-concurrency') ?? '16'),
    topK: 100,
    outDir: resolve(cwd, values.get('out') ?? 'bench/results'),
  };
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name}: a positive integer\n${USAGE}`);
  return value;
}
