import { z } from 'zod';
import { LIMITS } from './limits';

/**
 * A principal a document may be readable by: `user:<id>`, `group:<id>`, `role:<id>` or any other
 * `<kind>:<id>` a deployment uses. The kind is lowercase letters; the id has no spaces.
 */
export const principalSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,31}:[^\s]{1,256}$/,
    'principals look like user:alice@example.com or group:eng (kind:id, no spaces)',
  );

/** `{"read": [...]}`: who may read the document. Absent: everyone who may query the library. */
export const aclSchema = z.strictObject({
  read: z.array(principalSchema).max(LIMITS.aclEntries, `at most ${LIMITS.aclEntries} principals`),
});
export type DocumentAcl = z.infer<typeof aclSchema>;

/** The principals named in a query (`query:on-behalf` keys). */
export const principalsSchema = z
  .array(principalSchema)
  .max(LIMITS.principals, `at most ${LIMITS.principals} principals`);

/** Stored with every chunk of a document without an ACL: matched by every reader. */
export const PUBLIC_PRINCIPAL = '*';

/** The stored form of an ACL: a document without one is readable by `*`. */
export function readersOf(acl: DocumentAcl | undefined): string[] {
  return acl === undefined ? [PUBLIC_PRINCIPAL] : [...new Set(acl.read)].sort();
}

/**
 * Whether a reader with `principals` ('all': a trusted caller) may read a document with `acl`:
 * the rule every store applies to chunks, for places that read document states instead.
 */
export function mayRead(
  acl: DocumentAcl | undefined,
  principals: readonly string[] | 'all',
): boolean {
  if (principals === 'all' || acl === undefined) return true;
  return acl.read.some((principal) => principals.includes(principal));
}
