import type { LibraryRef } from '@ragline/events';

/**
 * Recent query texts per library, bounded and opt-in (QUERY_LOG_SIZE): what the check before a
 * swap compares the two versions on when the run has no eval set. Query texts are user data:
 * off by default, never logged elsewhere, dropped with the library.
 */
export interface QueryLog {
  /** Remembers a query; never fails the query that called it. */
  record(library: LibraryRef, query: string): Promise<void>;
  /** The newest `limit` distinct queries, newest first. */
  recent(library: LibraryRef, limit: number): Promise<string[]>;
}

export const QUERY_LOG = Symbol('QUERY_LOG');
