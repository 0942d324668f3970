import { randomBytes } from 'node:crypto';
import { decryptSecret, deriveKey, encryptSecret } from './webhook-secret';
import {
  WebhookSecretDecryptError,
  WebhookSecretKeyError,
  type WebhookSecretDecryptReason,
} from './webhooks.errors';

const MATERIAL = randomBytes(32).toString('base64');
const KEY = deriveKey(MATERIAL);
const SECRET = 'whsec-Grüße-🚀-0123456789';

function decryptError(run: () => unknown): WebhookSecretDecryptError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookSecretDecryptError) return error;
    throw error;
  }
  throw new Error('expected a WebhookSecretDecryptError');
}

function expectDecryptFails(stored: string, reason: WebhookSecretDecryptReason, key = KEY): void {
  const error = decryptError(() => decryptSecret(stored, key));
  expect(error.reason).toBe(reason);
  expect(error.code).toBe('INTERNAL');
  expect(error.details).toEqual({ reason });
  // No part of the stored text (IV, tag, ciphertext: 16+ base64url characters) is echoed.
  expect(error.message).not.toMatch(/[A-Za-z0-9_-]{16,}/);
  expect(error.message).not.toContain(SECRET);
}

/** Flips one bit of one byte of a base64url part, keeping the format valid. */
function flipBit(stored: string, partIndex: number): string {
  const parts = stored.split(':');
  const bytes = Buffer.from(parts[partIndex], 'base64url');
  bytes[0] ^= 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join(':');
}

describe('deriveKey', () => {
  it('derives the same 32-byte key from the same material, another from other material', () => {
    expect(KEY).toHaveLength(32);
    expect(deriveKey(MATERIAL).equals(KEY)).toBe(true);
    expect(deriveKey(`${MATERIAL}x`).equals(KEY)).toBe(false);
  });

  it('refuses material too short to be a random key', () => {
    expect(() => deriveKey('')).toThrow(WebhookSecretKeyError);
    expect(() => deriveKey('x'.repeat(31))).toThrow(WebhookSecretKeyError);
    expect(() => deriveKey('x'.repeat(31))).toThrow(/at least 32 characters/);
  });
});

describe('encryptSecret / decryptSecret', () => {
  it('round-trips secrets, including non-ASCII and empty ones', () => {
    for (const plain of [SECRET, 'a', '', 'x'.repeat(4096)]) {
      expect(decryptSecret(encryptSecret(plain, KEY), KEY)).toBe(plain);
    }
  });

  it('writes v1:<iv>:<tag>:<ciphertext> in base64url, never the secret itself', () => {
    const stored = encryptSecret(SECRET, KEY);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(Buffer.from(SECRET).toString('base64url'));
  });

  it('uses a fresh IV every time: the same secret never encrypts to the same text', () => {
    const stored = new Set(Array.from({ length: 50 }, () => encryptSecret(SECRET, KEY)));
    expect(stored.size).toBe(50);
    expect(new Set([...stored].map((s) => s.split(':')[1])).size).toBe(50);
  });

  it('refuses another key as not authentic', () => {
    const stored = encryptSecret(SECRET, KEY);
    expectDecryptFails(stored, 'not-authentic', deriveKey(randomBytes(32).toString('hex')));
  });

  it('refuses a secret moved to another context (another source)', () => {
    const stored = encryptSecret(SECRET, KEY, 'source-a');
    expect(decryptSecret(stored, KEY, 'source-a')).toBe(SECRET);
    expect(decryptError(() => decryptSecret(stored, KEY, 'source-b')).reason).toBe('not-authentic');
    expect(decryptError(() => decryptSecret(stored, KEY)).reason).toBe('not-authentic');
  });

  it.each([
    ['the IV', 1],
    ['the tag', 2],
    ['the ciphertext', 3],
  ])('refuses a stored secret with one bit of %s flipped', (_label, part) => {
    expectDecryptFails(flipBit(encryptSecret(SECRET, KEY), part), 'not-authentic');
  });

  it('refuses a ciphertext cut short or extended', () => {
    const [version, iv, tag, ciphertext] = encryptSecret(SECRET, KEY).split(':');
    const bytes = Buffer.from(ciphertext, 'base64url');
    const shorter = bytes.subarray(0, -1).toString('base64url');
    const longer = Buffer.concat([bytes, Buffer.from([0])]).toString('base64url');
    expectDecryptFails([version, iv, tag, shorter].join(':'), 'not-authentic');
    expectDecryptFails([version, iv, tag, longer].join(':'), 'not-authentic');
  });

  it('refuses stored text that is not in the format', () => {
    const [version, iv, tag, ciphertext] = encryptSecret(SECRET, KEY).split(':');
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 12).toString('base64url');
    const shortIv = Buffer.from(iv, 'base64url').subarray(0, 8).toString('base64url');
    for (const stored of [
      '',
      SECRET,
      'v1',
      [version, iv, tag].join(':'),
      [version, iv, tag, ciphertext, ''].join(':'),
      [version, iv, shortTag, ciphertext].join(':'),
      [version, shortIv, tag, ciphertext].join(':'),
      [version, `${iv}=`, tag, ciphertext].join(':'),
      [version, iv, tag, `${ciphertext}+/`].join(':'),
      ['V1', iv, tag, ciphertext].join(':'),
    ]) {
      expectDecryptFails(stored, 'malformed');
    }
  });

  it('names a format version it does not read', () => {
    const [, iv, tag, ciphertext] = encryptSecret(SECRET, KEY).split(':');
    expectDecryptFails(['v2', iv, tag, ciphertext].join(':'), 'unsupported-version');
  });

  it('refuses a key that is not 32 bytes, both ways', () => {
    const stored = encryptSecret(SECRET, KEY);
    for (const key of [Buffer.alloc(0), randomBytes(16), randomBytes(33)]) {
      expect(() => encryptSecret(SECRET, key)).toThrow(WebhookSecretKeyError);
      expect(() => decryptSecret(stored, key)).toThrow(WebhookSecretKeyError);
    }
    const notAKey: unknown = KEY.toString('hex');
    expect(() => decryptSecret(stored, notAKey as Buffer)).toThrow(WebhookSecretKeyError);
  });

  it('refuses a stored value of the wrong type from untyped code as malformed', () => {
    const notAString: unknown = 42;
    expect(decryptError(() => decryptSecret(notAString as string, KEY)).reason).toBe('malformed');
  });
});
