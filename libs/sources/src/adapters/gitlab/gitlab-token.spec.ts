import { randomBytes } from 'node:crypto';
import { verifyGitLabToken } from './gitlab-token';

const TOKEN = randomBytes(24).toString('base64url');

describe('verifyGitLabToken', () => {
  it('accepts the configured token', () => {
    expect(verifyGitLabToken(TOKEN, TOKEN)).toBe(true);
  });

  it('refuses another token of the same length', () => {
    const other = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('A') ? 'B' : 'A'}`;
    expect(other).toHaveLength(TOKEN.length);
    expect(verifyGitLabToken(TOKEN, other)).toBe(false);
  });

  it('refuses prefixes and extensions of the token (lengths differ, nothing throws)', () => {
    expect(verifyGitLabToken(TOKEN, TOKEN.slice(0, -1))).toBe(false);
    expect(verifyGitLabToken(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(verifyGitLabToken(TOKEN, 'x')).toBe(false);
    expect(verifyGitLabToken(TOKEN, 'x'.repeat(10_000))).toBe(false);
  });

  it('is case-sensitive and does not trim', () => {
    expect(verifyGitLabToken('Token-abc', 'token-abc')).toBe(false);
    expect(verifyGitLabToken(TOKEN, ` ${TOKEN}`)).toBe(false);
  });

  it('refuses a missing, empty or repeated header', () => {
    expect(verifyGitLabToken(TOKEN, undefined)).toBe(false);
    expect(verifyGitLabToken(TOKEN, '')).toBe(false);
    expect(verifyGitLabToken(TOKEN, [TOKEN, TOKEN])).toBe(false);
  });

  it('refuses everything when no token is configured (empty string)', () => {
    expect(verifyGitLabToken('', '')).toBe(false);
    expect(verifyGitLabToken('', 'anything')).toBe(false);
  });
});
