/** Helpers shared by the test suites and the benchmarks (never imported by apps or product libs). */
export * from './free-port';
export * from './adapters/redis-cleanup';
