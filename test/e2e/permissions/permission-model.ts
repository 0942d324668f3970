import fc from 'fast-check';
import type { Acl } from './permission-client';

/**
 * The principals queries read as. Some carry characters a hand-built filter could trip on: a
 * quote (SQL string), a backslash, a comma and brackets (list syntax), `%` (LIKE), and one that
 * would read everything if it were pasted into the predicate unescaped.
 */
export const PRINCIPAL_POOL: readonly string[] = [
  'user:ann@example.com',
  "user:o'neil@example.com",
  'user:bo@example.com',
  "user:x'])OR(TRUE)--",
  'user:dee@example.com',
  'user:eli\\ops',
  'group:eng',
  'group:ops',
  'group:eng,ops',
  'group:sales',
  'role:[admin]',
  'group:%',
];

/** Named in ACLs but never read as: an ACL of only these is readable by trusted callers only. */
const OUTSIDERS = ['group:nobody', 'user:ghost@example.com'];

/** Who reads: principals, or `all` (a trusted caller naming none). */
export type Reader = readonly string[] | 'all';

/** The rule of docs/decisions/0003, restated: no ACL is public; else an ACL entry must match. */
export function mayRead(acl: Acl, reader: Reader): boolean {
  if (reader === 'all' || acl === undefined) return true;
  return acl.read.some((principal) => reader.includes(principal));
}

/** An ACL: none, empty (trusted callers only), or a list (duplicates and outsiders allowed). */
export const aclArbitrary: fc.Arbitrary<Acl> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Acl>(undefined) },
  { weight: 1, arbitrary: fc.constant<Acl>({ read: [] }) },
  {
    weight: 7,
    arbitrary: fc
      .array(fc.constantFrom(...PRINCIPAL_POOL, ...OUTSIDERS), { minLength: 1, maxLength: 5 })
      .map((read) => ({ read })),
  },
);

/** A principal set a query reads as (possibly empty, possibly with a stranger no ACL names). */
export const principalSetArbitrary: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.subarray([...PRINCIPAL_POOL], { maxLength: 4 }),
    fc.boolean().map((stranger) => (stranger ? ['user:stranger@example.com'] : [])),
  )
  .map(([known, stranger]) => [...known, ...stranger]);

const WORDS = [
  'harbour',
  'lantern',
  'meadow',
  'copper',
  'violet',
  'granite',
  'falcon',
  'orchard',
  'ember',
  'glacier',
  'saffron',
  'thistle',
  'walnut',
  'quartz',
  'marble',
  'willow',
  'cobalt',
  'juniper',
];

export interface ModelDocument {
  id: string;
  acl: Acl;
  /** Queries take one bucket at a time, so no answer needs more than topK (100) results. */
  bucket: number;
  text: string;
}

export const BUCKET_SIZE = 40;
/** In every document of the model library: the sparse query that matches them all. */
export const PROBE_TOKEN = 'permprobe';

/**
 * Documents with random ACLs. Each text interleaves its own token with random words, so no two
 * texts are near-duplicates (augment would drop one) and each is one short chunk.
 */
export function documentsArbitrary(count: number): fc.Arbitrary<ModelDocument[]> {
  return fc
    .array(
      fc.tuple(aclArbitrary, fc.array(fc.constantFrom(...WORDS), { minLength: 4, maxLength: 8 })),
      {
        minLength: count,
        maxLength: count,
      },
    )
    .map((docs) =>
      docs.map(([acl, words], i) => {
        const own = `pdoc${String(i).padStart(4, '0')}`;
        return {
          id: `perm/${own}`,
          acl,
          bucket: Math.floor(i / BUCKET_SIZE),
          text: `${PROBE_TOKEN} ${own} ${words.map((word) => `${word} ${own}`).join(' ')}.`,
        };
      }),
    );
}

/** The ids `reader` may read among `documents`, sorted. */
export function expectedIds(documents: readonly ModelDocument[], reader: Reader): string[] {
  return documents
    .filter((doc) => mayRead(doc.acl, reader))
    .map((doc) => doc.id)
    .sort();
}
