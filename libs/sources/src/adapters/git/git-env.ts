/**
 * The environment every git process runs in: no prompts, no pager, C locale, no system or user
 * config, only the protocols a source may use, and extra config (such as credentials) passed as
 * `GIT_CONFIG_*` variables so it never shows in argv or on disk.
 */

/**
 * The parent's variables git may need: where programs are (PATH), the SSH agent and keys (HOME,
 * SSH_AUTH_SOCK) and proxies. Nothing else is inherited, so GIT_DIR or GIT_INDEX_FILE from a git
 * hook that runs our tests, or a user's credential helper, cannot reach the mirror.
 */
const INHERITED = [
  'PATH',
  'HOME',
  'TMPDIR',
  'SSH_AUTH_SOCK',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
] as const;

/** A git config entry given to one process: `[key, value]`, e.g. `['http.extraHeader', '...']`. */
export type GitConfigEntry = readonly [key: string, value: string];

/** Config every process gets: hooks never run in a mirror, whatever lands in its hooks folder. */
const BASE_CONFIG: readonly GitConfigEntry[] = [['core.hooksPath', '/dev/null']];

/** Builds the full environment for one git process. `env` is added last and wins. */
export function gitEnvironment(
  config: readonly GitConfigEntry[] = [],
  env: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const result: Record<string, string> = {};
  // The one place outside libs/config that reads process.env: git must find itself and ssh.
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) result[name] = value;
  }
  Object.assign(result, {
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_ALLOW_PROTOCOL: 'file:http:https:ssh',
    // ssh would otherwise ask for a passphrase or a host key on /dev/tty, prompts or not.
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
    GIT_NO_REPLACE_OBJECTS: '1',
  });
  const entries = [...BASE_CONFIG, ...config];
  result.GIT_CONFIG_COUNT = String(entries.length);
  entries.forEach(([key, value], index) => {
    result[`GIT_CONFIG_KEY_${index}`] = key;
    result[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return Object.assign(result, env);
}

/** Config and the strings to scrub from errors, for a token on an http(s) remote. */
export interface HttpAuth {
  config: GitConfigEntry[];
  secrets: string[];
}

/**
 * Sends `token` as HTTP Basic auth (`<username>:<token>`, GitHub's `x-access-token` by default;
 * GitLab accepts any non-empty username with a personal or project token) to the remote's origin
 * only: the header is keyed by `http.<origin>/.extraHeader`, so a redirect to another host does not
 * carry it. Remotes that are not http(s) get nothing.
 */
export function httpAuth(remoteUrl: string, token: string, username = 'x-access-token'): HttpAuth {
  if (!/^https?:\/\//i.test(remoteUrl)) return { config: [], secrets: [token] };
  const origin = new URL(remoteUrl).origin;
  const basic = Buffer.from(`${username}:${token}`, 'utf8').toString('base64');
  const header = `Authorization: Basic ${basic}`;
  return { config: [[`http.${origin}/.extraHeader`, header]], secrets: [token, basic, header] };
}
