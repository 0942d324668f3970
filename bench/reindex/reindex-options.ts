import { parseArgs } from 'node:util';

export interface ReindexBenchOptions {
  quick: boolean;
  /** Documents of the library every phase works on. */
  docs: number;
  /** Live changes per second of both freshness runs (with and without a reindex). */
  rate: number;
  redisUrl: string;
  /** Redis key prefix of the service (RAGLINE_QUEUE_PREFIX); the service's own when absent. */
  prefix?: string;
  seed: number;
  /** Where the Markdown report is written. */
  out: string;
}

const USAGE = `npm run bench:reindex -- [--quick] [--docs N] [--rate 20] [--redis URL] [--prefix P] [--seed N] [--out FILE]`;

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer\n${USAGE}`);
  return value;
}

export function parseReindexOptions(argv: string[]): ReindexBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      docs: { type: 'string' },
      rate: { type: 'string' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
      prefix: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', default: 'bench/results/reindex.md' },
    },
  });
  const prefix = values.prefix;
  if (prefix !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(prefix))
    throw new Error(`--prefix: letters, digits, _ and - only\n${USAGE}`);
  return {
    quick: values.quick,
    docs: positive(values.docs, values.quick ? 500 : 3000, 'docs'),
    rate: positive(values.rate, 20, 'rate'),
    redisUrl: values.redis,
    prefix,
    seed: positive(values.seed, 20240601, 'seed'),
    out: values.out,
  };
}
