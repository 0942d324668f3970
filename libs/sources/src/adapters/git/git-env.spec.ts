import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-cli';
import { gitEnvironment, httpAuth } from './git-env';

describe('httpAuth', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ragline-git-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const headerFor = async (config: ReturnType<typeof httpAuth>['config'], url: string) => {
    const out = await runGit(['config', '--get-urlmatch', 'http.extraHeader', url], {
      cwd: dir,
      config,
      okExitCodes: [0, 1],
    });
    return out.toString().trim();
  };

  it('builds a Basic header that git applies to the remote’s origin only', async () => {
    const auth = httpAuth('https://github.com/o/r.git', 'ghp_token', 'x-access-token');
    const expected = `Authorization: Basic ${Buffer.from('x-access-token:ghp_token').toString('base64')}`;

    await expect(headerFor(auth.config, 'https://github.com/o/r.git')).resolves.toBe(expected);
    await expect(headerFor(auth.config, 'https://github.com/other/repo.git')).resolves.toBe(
      expected,
    );
    await expect(headerFor(auth.config, 'https://evil.example.com/o/r.git')).resolves.toBe('');
    await expect(headerFor(auth.config, 'http://github.com/o/r.git')).resolves.toBe('');
    expect(auth.secrets).toEqual(expect.arrayContaining(['ghp_token', expected]));
  });

  it('gives nothing to remotes that are not http(s)', () => {
    expect(httpAuth('git@github.com:o/r.git', 'ghp_token').config).toEqual([]);
    expect(httpAuth('file:///srv/r.git', 'ghp_token').config).toEqual([]);
  });
});

describe('gitEnvironment', () => {
  it('numbers config entries after the built-in ones and lets env win', () => {
    const env = gitEnvironment([['a.b', 'c']], { GIT_DIR: '/m.git' });
    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'core.hooksPath',
      GIT_CONFIG_KEY_1: 'a.b',
      GIT_CONFIG_VALUE_1: 'c',
      GIT_DIR: '/m.git',
      GIT_ALLOW_PROTOCOL: 'file:http:https:ssh',
    });
  });
});
