import type { PermissionClient } from './permission-client';
import { PROBE_TOKEN, type ModelDocument } from './permission-model';

/** How a query names who it reads as: a bound key (no `principals`), or `principals` in the body. */
export interface ReadPath {
  name: string;
  key: string;
  principals?: readonly string[];
}

/** Counts of compared decisions (one per document and path) and of those that differ. */
export interface Tally {
  checks: number;
  violations: number;
}

/**
 * Every model document `path` can read: one sparse query per bucket (each under topK), whose
 * probe token every document carries, so the answer is the whole readable bucket.
 */
export async function readAllBuckets(
  client: PermissionClient,
  library: string,
  documents: readonly ModelDocument[],
  path: ReadPath,
  route: 'query' | 'augment' = 'query',
): Promise<string[]> {
  const buckets = [...new Set(documents.map((doc) => doc.bucket))];
  const ids: string[] = [];
  for (const bucket of buckets) {
    const body = {
      query: PROBE_TOKEN,
      mode: 'sparse',
      topK: 100,
      filter: { metadata: { bucket } },
      ...(path.principals === undefined ? {} : { principals: path.principals }),
    };
    if (route === 'augment') {
      ids.push(
        ...(await client.augment(library, path.key, { ...body, maxContextTokens: 100_000 })),
      );
    } else {
      ids.push(...(await client.query(library, path.key, body)).map((hit) => hit.documentId));
    }
  }
  return [...new Set(ids)].sort();
}

/** One decision per document: returned exactly when expected. Returns the differences. */
export function compareSets(
  documents: readonly ModelDocument[],
  expected: readonly string[],
  actual: readonly string[],
  tally: Tally,
): string[] {
  const want = new Set(expected);
  const got = new Set(actual);
  const differences: string[] = [];
  for (const doc of documents) {
    tally.checks++;
    if (want.has(doc.id) === got.has(doc.id)) continue;
    tally.violations++;
    differences.push(
      `${doc.id} (acl ${JSON.stringify(doc.acl ?? null)}) ${got.has(doc.id) ? 'returned' : 'missing'}`,
    );
  }
  const unknown = actual.filter((id) => !documents.some((doc) => doc.id === id));
  tally.checks += unknown.length;
  tally.violations += unknown.length;
  return [...differences, ...unknown.map((id) => `${id}: not a model document`)];
}
