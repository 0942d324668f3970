/**
 * Validates a source's repository URL before git sees it, and splits off credentials: git is given
 * a URL without them (it is written to the mirror's config), and a token found in an https URL is
 * returned apart so the caller can store it encrypted.
 *
 * Allowed: `https://`; `http://` (insecure: a token would cross the network in clear, so prefer
 * https); `ssh://`; scp-like `user@host:path`; `file://`; absolute local paths. Refused: transport
 * helpers (`ext::`, `fd::`), other schemes, anything starting with `-` (git would read an option),
 * control characters (newlines could forge config lines), relative paths (they would resolve
 * against the mirror).
 */
import { InvalidRemoteUrlError } from './git.errors';
import { hasControlCharacter } from './control-characters';

export type RemoteKind = 'https' | 'http' | 'ssh' | 'scp' | 'file' | 'local';

export interface ParsedRemoteUrl {
  /** The URL to give git: no credentials in it. */
  url: string;
  /** For display and logs (the same as `url`: credentials are never kept in it). */
  redacted: string;
  kind: RemoteKind;
  /** A token (or password) that was embedded in an http(s) URL. */
  token?: string;
  /** The username that came with `token`, when there was one besides it. */
  username?: string;
}

const MAX_LENGTH = 2048;
const ALLOWED = 'use https://, http://, ssh://, user@host:path, file:// or an absolute path';
/** `user@host:path` as git reads it: no slash before the colon, host and user not option-like. */
const SCP_LIKE =
  /^(?:([A-Za-z0-9_][A-Za-z0-9._~-]*)@)?([A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):(.+)$/;

/** Parses and validates `input`; throws `InvalidRemoteUrlError` saying what is wrong. */
export function parseRemoteUrl(input: string): ParsedRemoteUrl {
  const value = input.trim();
  if (value.length === 0) fail('the repository URL is empty');
  if (value.length > MAX_LENGTH) fail(`the repository URL is longer than ${MAX_LENGTH} characters`);
  if (hasControlCharacter(value)) fail('the repository URL contains control characters');
  if (value.startsWith('-')) fail('the repository URL must not start with "-"');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(value)) {
    fail(`git transport helpers ("ext::", "fd::") are not allowed; ${ALLOWED}`);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'https' || scheme === 'http') return parseHttp(value, scheme);
  if (scheme === 'ssh') return parseSsh(value);
  if (scheme === 'file') return parseFile(value);
  if (scheme !== undefined) fail(`the "${scheme}://" scheme is not supported; ${ALLOWED}`);
  if (value.startsWith('/')) return { url: value, redacted: value, kind: 'local' };
  const scp = SCP_LIKE.exec(value);
  // `user:token@host/path` parses as scp-like too (host "user"): refuse it, it is a credential.
  if (scp && scp[3].split('/')[0].includes('@')) {
    fail('the repository URL looks like credentials without a scheme; use https://');
  }
  if (scp && !scp[3].startsWith('-')) return { url: value, redacted: value, kind: 'scp' };
  // The input is not echoed: it may hold a credential in a shape we did not recognise.
  return fail(`the repository URL is not a form git may use; ${ALLOWED}`);
}

function parseHttp(value: string, kind: 'https' | 'http'): ParsedRemoteUrl {
  const url = toUrl(value);
  if (url.hostname === '') fail('the repository URL has no host');
  if (url.search !== '' || url.hash !== '')
    fail('the repository URL must not have a query or fragment');
  const username = decode(url.username);
  const password = decode(url.password);
  url.username = '';
  url.password = '';
  const clean = { url: url.href, redacted: url.href, kind };
  // https://TOKEN@host is GitHub's documented form; https://user:TOKEN@host the general one.
  if (password) return { ...clean, token: password, username: username || undefined };
  if (username) return { ...clean, token: username };
  return clean;
}

function parseSsh(value: string): ParsedRemoteUrl {
  const url = toUrl(value);
  if (url.password !== '') fail('ssh:// URLs cannot carry a password; use a deploy key');
  if (url.hostname === '' || url.hostname.startsWith('-')) fail('the ssh:// URL has no valid host');
  if (url.username.startsWith('-')) fail('the ssh:// URL has an invalid user');
  if (url.pathname.length <= 1) fail('the ssh:// URL has no repository path');
  return { url: url.href, redacted: url.href, kind: 'ssh' };
}

function parseFile(value: string): ParsedRemoteUrl {
  const url = toUrl(value);
  if (url.hostname !== '') fail('file:// URLs must name a local path (file:///path)');
  if (url.pathname.length <= 1) fail('the file:// URL has no path');
  // Kept as written: git reads file:// paths itself, with or without percent-encoding.
  return { url: value, redacted: value, kind: 'file' };
}

function toUrl(value: string): URL {
  try {
    return new URL(value);
  } catch {
    return fail('the repository URL cannot be parsed');
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function fail(message: string): never {
  throw new InvalidRemoteUrlError(message);
}
