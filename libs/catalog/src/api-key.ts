import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a key may do. `admin` includes every other scope; `query:on-behalf` includes `query`. */
export const SCOPES = ['ingest', 'query', 'query:on-behalf', 'metrics', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** An API key as stored: never the secret, only its SHA-256. */
export interface ApiKeyRecord {
  id: string;
  tenant: string;
  name?: string;
  scopes: Scope[];
  /** Libraries the key may use; undefined: every library of its tenant. Never empty. */
  libraries?: string[];
  /** Who the key reads as (document permissions); empty: documents without an ACL only. */
  principals: string[];
  secretHash: string;
  createdAt: number;
  revokedAt?: number;
}

/** The public view of a key (listing, creation answer). */
export type ApiKeyView = Omit<ApiKeyRecord, 'secretHash'>;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^rl_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** A new key: `rl_<12-char id>_<32 random bytes, base64url>`. */
export function generateApiKey(): { id: string; key: string; secretHash: string } {
  const bytes = randomBytes(12);
  const id = Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `rl_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a presented key, or undefined when it is not shaped like one. */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(presented);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Constant-time comparison of two whole keys (the bootstrap key from the environment). */
export function keysMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `admin` includes every scope; `query:on-behalf` includes `query` (it queries, for its users). */
export function hasScope(scopes: readonly Scope[], wanted: Scope): boolean {
  return (
    scopes.includes('admin') ||
    scopes.includes(wanted) ||
    (wanted === 'query' && scopes.includes('query:on-behalf'))
  );
}
