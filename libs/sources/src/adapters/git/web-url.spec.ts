import { fileWebUrl } from './web-url';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('fileWebUrl', () => {
  it.each([
    ['https://github.com/acme/docs', `https://github.com/acme/docs/blob/${SHA}/guide/intro.md`],
    ['https://github.com/acme/docs.git', `https://github.com/acme/docs/blob/${SHA}/guide/intro.md`],
    ['https://github.com/acme/docs/', `https://github.com/acme/docs/blob/${SHA}/guide/intro.md`],
    ['git@github.com:acme/docs.git', `https://github.com/acme/docs/blob/${SHA}/guide/intro.md`],
    [
      'ssh://git@github.com/acme/docs.git',
      `https://github.com/acme/docs/blob/${SHA}/guide/intro.md`,
    ],
    [
      'https://x-access-token:ghp_secret@github.com/acme/docs.git',
      `https://github.com/acme/docs/blob/${SHA}/guide/intro.md`,
    ],
    [
      'https://gitlab.com/g/sub/docs.git',
      `https://gitlab.com/g/sub/docs/-/blob/${SHA}/guide/intro.md`,
    ],
    ['git@gitlab.com:g/docs.git', `https://gitlab.com/g/docs/-/blob/${SHA}/guide/intro.md`],
    [
      'ssh://git@gitlab.example.org:2222/g/docs.git',
      `https://gitlab.example.org/g/docs/-/blob/${SHA}/guide/intro.md`,
    ],
    [
      'https://oauth2:glpat-secret@gitlab.example.org:8443/a/b/c/docs',
      `https://gitlab.example.org:8443/a/b/c/docs/-/blob/${SHA}/guide/intro.md`,
    ],
    [
      'http://gitlab.internal/team/docs.git',
      `http://gitlab.internal/team/docs/-/blob/${SHA}/guide/intro.md`,
    ],
    [
      'https://bitbucket.org/acme/docs.git',
      `https://bitbucket.org/acme/docs/src/${SHA}/guide/intro.md`,
    ],
    [
      'git@bitbucket.org:acme/docs.git',
      `https://bitbucket.org/acme/docs/src/${SHA}/guide/intro.md`,
    ],
  ])('%s', (remote, expected) => {
    expect(fileWebUrl(remote, SHA, 'guide/intro.md')).toBe(expected);
  });

  it.each([
    'file:///srv/docs.git',
    '/srv/docs.git',
    'https://example.com/acme/docs.git',
    'https://github.com/acme',
    'https://github.com/acme/docs/extra',
    'not a url',
  ])('knows no web page for %s', (remote) => {
    expect(fileWebUrl(remote, SHA, 'a.md')).toBeUndefined();
  });

  it('encodes each path segment and keeps the slashes', () => {
    expect(fileWebUrl('https://github.com/o/r', SHA, 'docs/with space/ü#1?.md')).toBe(
      `https://github.com/o/r/blob/${SHA}/docs/with%20space/%C3%BC%231%3F.md`,
    );
  });

  it('never copies credentials into the link', () => {
    const url = fileWebUrl('https://user:hunter2@github.com/o/r.git', SHA, 'a.md');
    expect(url).not.toContain('hunter2');
    expect(url).not.toContain('user');
  });

  it('refuses a commit that is not a full id', () => {
    expect(() => fileWebUrl('https://github.com/o/r', 'main', 'a.md')).toThrow('full commit');
  });
});
