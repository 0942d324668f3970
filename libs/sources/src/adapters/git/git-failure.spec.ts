import { classifyGitFailure, gitFailure, summarizeStderr } from './git-failure';

describe('classifyGitFailure', () => {
  it.each([
    [
      "fatal: cannot lock ref 'refs/heads/main': Unable to create '/m/refs/heads/main.lock': File exists.",
      'lock',
    ],
    ["fatal: Unable to create '/m/shallow.lock': File exists.", 'lock'],
    ["fatal: could not read Username for 'https://github.com': terminal prompts disabled", 'auth'],
    [
      "remote: Invalid username or password.\nfatal: Authentication failed for 'https://h/r.git/'",
      'auth',
    ],
    ['git@github.com: Permission denied (publickey).', 'auth'],
    [
      "remote: Repository not found.\nfatal: repository 'https://github.com/o/r.git/' not found",
      'not-found',
    ],
    ["fatal: '/srv/x' does not appear to be a git repository", 'not-found'],
    ["fatal: couldn't find remote ref refs/heads/nope", 'not-found'],
    ["fatal: unable to access 'https://h/r/': Could not resolve host: h", 'network'],
    ["fatal: unable to access 'https://h/r/': The requested URL returned error: 503", 'network'],
    [
      'error: RPC failed; curl 92 HTTP/2 stream 0 was not closed cleanly\nfatal: early EOF',
      'network',
    ],
    ['fatal: bad object deadbeef', 'other'],
  ])('%s → %s', (stderr, kind) => {
    expect(classifyGitFailure(stderr)).toBe(kind);
  });
});

describe('summarizeStderr', () => {
  it('prefers fatal and error lines, at most three', () => {
    const stderr = 'remote: Counting\nremote: Repository not found.\nfatal: repository gone\n';
    expect(summarizeStderr(stderr)).toBe('fatal: repository gone');
    expect(summarizeStderr('hint: a\nhint: b\nhint: c\nhint: d')).toBe('hint: a; hint: b; hint: c');
    expect(summarizeStderr('x'.repeat(600))).toHaveLength(501);
  });
});

describe('gitFailure', () => {
  it('scrubs and says how the process ended when git said nothing', () => {
    const error = gitFailure({
      command: 'git fetch',
      exitCode: null,
      signal: 'SIGSEGV',
      stderr: '',
      secrets: [],
    });
    expect(error.message).toBe('git fetch failed: no message (signal SIGSEGV)');
    const scrubbed = gitFailure({
      command: 'git fetch',
      exitCode: 128,
      signal: null,
      stderr: "fatal: unable to access 'https://u:tok_12345@h/r/': Failed to connect",
      secrets: ['tok_12345'],
    });
    expect(scrubbed.message).toBe(
      "git fetch failed: fatal: unable to access 'https://***@h/r/': Failed to connect",
    );
    expect(scrubbed).toMatchObject({ kind: 'network', retryable: true, exitCode: 128 });
  });
});
