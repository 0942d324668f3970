/** Anything with a `warn(message)`: a Nest Logger or a pino logger both fit. */
export interface LanceDbLogger {
  warn(message: string): void;
}

export interface LanceDbVectorStoreOptions {
  /** Directory holding the tables (created if missing). */
  dataDir: string;
  logger?: LanceDbLogger;
  /** optimize() prunes table versions older than this (default 10 minutes; in-flight reads use recent ones). */
  keepVersionsMs?: number;
  /** Compact a table in the background after this many commits from this process (default 20; 0: never). */
  optimizeEveryWrites?: number;
  /**
   * Most share of a table's write-lane time that count-triggered compaction may take (default
   * 0.25): on a large table a pass takes hundreds of ms, and writes wait while it runs.
   */
  optimizeMaxLaneShare?: number;
  /** Also compact a table this long after this process's last commit to it (default 1000 ms; 0: never). */
  optimizeIdleMs?: number;
  /**
   * How long searches and writes may use this process's last reading of a library alias (default
   * 500 ms; 0: read it on every call). Bounds how late another process's alias switch is seen.
   */
  aliasCacheMs?: number;
  /**
   * Search queries run at once by this process; more wait their turn (default: the number of
   * cores; 0: unlimited). See LanceDbQueryLimiter for why.
   */
  maxConcurrentQueries?: number;
  /** Most documents written in one group commit (default 256). */
  maxBatchDocuments?: number;
  /** Most points written in one group commit (default 20,000; a larger document goes alone). */
  maxBatchPoints?: number;
}
