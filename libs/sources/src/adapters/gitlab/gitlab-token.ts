import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `header` (GitLab's `X-Gitlab-Token`) equals the source's `expected` token, in constant
 * time. Both are hashed with SHA-256 first so the comparison always runs over 32 bytes: neither
 * the token's length nor the position of the first difference leaks through timing. Never throws
 * for bad input: a missing, repeated (array) or empty header, or an empty `expected`, is `false`.
 *
 * Both strings are compared as UTF-8. Node hands header values over decoded as Latin-1, so a
 * token with non-ASCII characters would never match: sources should accept only printable ASCII
 * tokens (GitLab's own generated tokens are).
 */
export function verifyGitLabToken(
  expected: string,
  header: string | readonly string[] | undefined,
): boolean {
  if (typeof expected !== 'string' || expected.length === 0) return false;
  if (typeof header !== 'string' || header.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(header));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
