/** The principals every revocation document is readable by when the phase starts. */
export const REVOCATION_PRINCIPALS = ['group:a', 'group:b'] as const;
export type RevocationPrincipal = (typeof REVOCATION_PRINCIPALS)[number];

/** One ACL change of the revocation phase: `removed` loses read access, `kept` keeps (or regains) it. */
export interface Revocation {
  removed: RevocationPrincipal;
  kept: RevocationPrincipal;
}

/**
 * The `ordinal`-th change (from 0) of the document in `slot`. Every change removes exactly one
 * principal and leaves the document readable by the other: a document starts readable by both,
 * its first change removes one, and each later change removes the one the previous change kept
 * while restoring the one it removed. Neighbouring slots start with different principals, so the
 * changes as sent alternate a, b, a, b.
 */
export function revocationFor(slot: number, ordinal: number): Revocation {
  if (!Number.isInteger(slot) || !Number.isInteger(ordinal) || slot < 0 || ordinal < 0) {
    throw new Error(`revocationFor: slot and ordinal must be non-negative integers`);
  }
  const removed = REVOCATION_PRINCIPALS[(slot + ordinal) % 2];
  const kept = REVOCATION_PRINCIPALS[(slot + ordinal + 1) % 2];
  return { removed, kept };
}
