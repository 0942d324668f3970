import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { WebhookSecretDecryptError, WebhookSecretKeyError } from './webhooks.errors';

/**
 * Webhook secrets at rest. GitHub signs each delivery with an HMAC keyed by the secret itself, so
 * Ragline must be able to read the secret back: a hash cannot verify an HMAC. GitLab's token is
 * compared for equality, for which a hash would do, but both are kept under this one mechanism so
 * there is a single format, key and rotation story to get right.
 *
 * Format (version 1): `v1:<iv>:<tag>:<ciphertext>`, each part base64url without padding; AES-256-GCM
 * with a random 12-byte IV per encryption and a 16-byte tag. The version and the optional
 * `context` (the source id, say) are authenticated as associated data, so a ciphertext copied to
 * another source, or relabelled, fails to decrypt.
 */
const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Below this the master key is guessable whatever HKDF does (it is not a password hash). */
const MIN_MATERIAL_CHARS = 32;
const HKDF_INFO = 'ragline webhook-secret v1';

/**
 * Derives the 32-byte secret-encryption key from configured key material with HKDF-SHA256. The
 * material must be a high-entropy random value (e.g. 32 random bytes, base64), not a password:
 * HKDF does not slow down guessing. The same material always yields the same key; where the
 * material comes from (config, a secrets manager) is the caller's decision.
 *
 * @throws WebhookSecretKeyError when the material is shorter than 32 characters.
 */
export function deriveKey(material: string): Buffer {
  if (typeof material !== 'string' || material.length < MIN_MATERIAL_CHARS) {
    throw new WebhookSecretKeyError(
      `webhook secret key material must be at least ${MIN_MATERIAL_CHARS} characters of random data`,
    );
  }
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), HKDF_INFO, KEY_BYTES));
}

/**
 * Encrypts a webhook secret for storage; the result is printable ASCII without `:` inside parts.
 * `context`, if given, must be given again to decrypt (bind it to the source id).
 *
 * @throws WebhookSecretKeyError when `key` is not 32 bytes.
 */
export function encryptSecret(plain: string, key: Buffer, context = ''): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(context));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

/**
 * Reads back a secret stored by `encryptSecret` with the same key and context.
 *
 * @throws WebhookSecretKeyError when `key` is not 32 bytes.
 * @throws WebhookSecretDecryptError `malformed` (not the stored format), `unsupported-version`, or
 *   `not-authentic` (another key or context, or altered since it was stored).
 */
export function decryptSecret(stored: string, key: Buffer, context = ''): string {
  checkKey(key);
  const { iv, tag, ciphertext } = splitStored(stored);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // OpenSSL's "unable to authenticate data": the cause says nothing more, so it is dropped.
    throw new WebhookSecretDecryptError(
      'not-authentic',
      'stored webhook secret does not decrypt with the configured key (wrong key, or altered)',
    );
  }
}

function splitStored(stored: unknown): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = typeof stored === 'string' ? stored.split(':') : [];
  if (parts.length > 0 && /^v\d+$/.test(parts[0]) && parts[0] !== VERSION) {
    throw new WebhookSecretDecryptError(
      'unsupported-version',
      `stored webhook secret uses format ${parts[0]}; this version reads ${VERSION}`,
    );
  }
  if (
    parts.length !== 4 ||
    parts[0] !== VERSION ||
    !parts.slice(1).every((p) => BASE64URL.test(p))
  ) {
    throw malformed();
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw malformed();
  return { iv, tag, ciphertext };
}

function malformed(): WebhookSecretDecryptError {
  return new WebhookSecretDecryptError(
    'malformed',
    `stored webhook secret is not in the ${VERSION}:<iv>:<tag>:<ciphertext> format`,
  );
}

function associatedData(context: string): Buffer {
  return Buffer.from(`${VERSION}\0${context}`, 'utf8');
}

function checkKey(key: unknown): asserts key is Buffer {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new WebhookSecretKeyError(
      `webhook secret key must be ${KEY_BYTES} bytes (use deriveKey)`,
    );
  }
}
