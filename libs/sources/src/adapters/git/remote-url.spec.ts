import { InvalidRemoteUrlError } from './git.errors';
import { parseRemoteUrl } from './remote-url';

describe('parseRemoteUrl', () => {
  it.each([
    ['https://github.com/o/r.git', 'https', 'https://github.com/o/r.git'],
    ['http://gitlab.internal/g/r.git', 'http', 'http://gitlab.internal/g/r.git'],
    ['ssh://git@github.com/o/r.git', 'ssh', 'ssh://git@github.com/o/r.git'],
    [
      'ssh://git@gitlab.example.org:2222/g/r.git',
      'ssh',
      'ssh://git@gitlab.example.org:2222/g/r.git',
    ],
    ['git@github.com:o/r.git', 'scp', 'git@github.com:o/r.git'],
    ['gitlab.example.org:g/r.git', 'scp', 'gitlab.example.org:g/r.git'],
    ['file:///srv/git/r.git', 'file', 'file:///srv/git/r.git'],
    ['file:///srv/my repo', 'file', 'file:///srv/my repo'],
    ['/srv/git/r.git', 'local', '/srv/git/r.git'],
    ['  https://github.com/o/r  ', 'https', 'https://github.com/o/r'],
  ])('accepts %s', (input, kind, url) => {
    const parsed = parseRemoteUrl(input);
    expect(parsed).toEqual({ url, redacted: url, kind });
  });

  it('splits a token and username off an https URL', () => {
    const parsed = parseRemoteUrl('https://x-access-token:ghp_abc%2Fdef@github.com/o/r.git');
    expect(parsed).toEqual({
      url: 'https://github.com/o/r.git',
      redacted: 'https://github.com/o/r.git',
      kind: 'https',
      token: 'ghp_abc/def',
      username: 'x-access-token',
    });
  });

  it('reads a lone userinfo as the token (GitHub’s https://TOKEN@github.com form)', () => {
    const parsed = parseRemoteUrl('https://ghp_lonetoken@github.com/o/r');
    expect(parsed).toMatchObject({ url: 'https://github.com/o/r', token: 'ghp_lonetoken' });
    expect(parsed.username).toBeUndefined();
  });

  it.each([
    ['ext::sh -c touch% /tmp/pwned', 'transport helpers'],
    ['fd::3', 'transport helpers'],
    ['--upload-pack=touch /tmp/x', 'must not start with "-"'],
    ['-oProxyCommand=x', 'must not start with "-"'],
    ['https://github.com/o/r\n[core]', 'control characters'],
    ['git://github.com/o/r.git', '"git://" scheme is not supported'],
    ['ftp://host/r.git', '"ftp://" scheme is not supported'],
    ['relative/path', 'not a form git may use'],
    ['./repo', 'not a form git may use'],
    ['', 'is empty'],
    ['ssh://-oProxyCommand=x/r', 'no valid host'],
    ['ssh://user:pw@host/r', 'cannot carry a password'],
    ['host:-oProxyCommand=x', 'not a form git may use'],
    ['-x@host:r', 'must not start with "-"'],
    ['https://github.com/o/r?ref=x', 'query or fragment'],
    ['file://otherhost/srv/r', 'must name a local path'],
    ['https://', 'cannot be parsed'],
    [`https://h/${'a'.repeat(2048)}`, 'longer than 2048'],
  ])('rejects %j', (input, message) => {
    const parse = () => parseRemoteUrl(input);
    expect(parse).toThrow(InvalidRemoteUrlError);
    expect(parse).toThrow(message);
  });

  it.each(['user:hunter2@host/r', 'hunter2 is my password'])(
    'never echoes a rejected input that may hold a credential: %s',
    (input) => {
      expect(() => parseRemoteUrl(input)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2'), field: 'url' }),
      );
    },
  );
});
