import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=` and 64 lower-case hex digits, as GitHub writes `X-Hub-Signature-256`. */
const SIGNATURE_HEADER = /^sha256=([0-9a-f]{64})$/;

/**
 * Whether `signatureHeader` (GitHub's `X-Hub-Signature-256`) is the HMAC-SHA256 of `rawBody`
 * under `secret`. Compared in constant time. Never throws for bad input: a missing, repeated
 * (array), empty or malformed header, a legacy `sha1=` signature, or an empty secret is `false`.
 *
 * Pass the body exactly as received (the `Buffer` a raw-body parser keeps). The HMAC is taken over
 * those bytes, so a body with non-ASCII text verifies however it is later decoded. A string is
 * taken as the body's UTF-8 text and encoded back to UTF-8, which gives the signed bytes back
 * only if nothing re-serialised the JSON on the way: never pass `JSON.stringify(parsedBody)`.
 *
 * This computes the same thing as `verify` of `@octokit/webhooks-methods` (HMAC-SHA256 hex,
 * `timingSafeEqual`; the spec checks both agree) but with `node:crypto` directly: that package
 * 6.0.0 is ESM-only with only an `import` export condition, so this CommonJS build cannot
 * `require` it (ERR_PACKAGE_PATH_NOT_EXPORTED), TypeScript's `node10` resolution cannot find its
 * types, and Jest cannot load it; and its `verify` takes only strings, not the raw bytes.
 */
export function verifyGitHubSignature(
  secret: string,
  rawBody: Buffer | string,
  signatureHeader: string | readonly string[] | undefined,
): boolean {
  if (typeof secret !== 'string' || secret.length === 0) return false;
  if (typeof signatureHeader !== 'string') return false;
  const match = SIGNATURE_HEADER.exec(signatureHeader);
  if (match === null) return false;
  let body: Buffer;
  if (Buffer.isBuffer(rawBody)) body = rawBody;
  else if (typeof rawBody === 'string') body = Buffer.from(rawBody, 'utf8');
  else return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  // Both sides are 32 bytes here (the pattern fixed the length), so timingSafeEqual cannot throw.
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/**
 * The `X-Hub-Signature-256` value GitHub would send for `rawBody` under `secret`: for tests and
 * for tools that replay deliveries (the bench).
 */
export function signGitHubPayload(secret: string, rawBody: Buffer | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
