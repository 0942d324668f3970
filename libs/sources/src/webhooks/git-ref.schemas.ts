import { z } from 'zod';

/**
 * A full commit id: 40 hex digits (SHA-1 repositories) or 64 (SHA-256 repositories), returned in
 * lower case as git prints it. Abbreviated ids are refused: a sync must name one commit exactly.
 */
export const commitIdSchema = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/, 'must be a 40- or 64-digit hexadecimal commit id')
  .transform((id) => id.toLowerCase());

/** A ref name as git reports it in a push: `refs/heads/main`, `refs/tags/v1`. */
export const refSchema = z
  .string()
  .regex(/^refs\/\S+$/, 'must be a full ref name such as refs/heads/main')
  .max(1024);

/** Git's "no commit": `before` of a created ref, `after` of a deleted one. */
export function isZeroCommitId(id: string): boolean {
  return /^0+$/.test(id);
}

/** What a pushed ref names: a branch (with its name), a tag, or something else (notes, PRs). */
export type RefTarget =
  { kind: 'branch'; branch: string } | { kind: 'tag'; tag: string } | { kind: 'other' };

const BRANCH_PREFIX = 'refs/heads/';
const TAG_PREFIX = 'refs/tags/';

/** Splits a ref into what it names; `refs/heads/` with nothing after it is not a branch. */
export function classifyRef(ref: string): RefTarget {
  if (ref.startsWith(BRANCH_PREFIX) && ref.length > BRANCH_PREFIX.length) {
    return { kind: 'branch', branch: ref.slice(BRANCH_PREFIX.length) };
  }
  if (ref.startsWith(TAG_PREFIX) && ref.length > TAG_PREFIX.length) {
    return { kind: 'tag', tag: ref.slice(TAG_PREFIX.length) };
  }
  return { kind: 'other' };
}
