import { scrubSecrets } from './scrub-secrets';

describe('scrubSecrets', () => {
  it('removes named secrets, also URL-encoded', () => {
    expect(scrubSecrets('token a/b+c= failed, a%2Fb%2Bc%3D too', ['a/b+c='])).toBe(
      'token *** failed, *** too',
    );
  });

  it('removes URL userinfo but keeps the ssh user git', () => {
    expect(
      scrubSecrets(
        "fatal: unable to access 'https://user:pass@host/r.git/' or https://tok@h/x, not ssh://git@h/r",
      ),
    ).toBe(
      "fatal: unable to access 'https://***@host/r.git/' or https://***@h/x, not ssh://git@h/r",
    );
  });

  it('removes authorization headers and token shapes nobody named', () => {
    const text =
      'Authorization: Basic eC1hY2Nlc3M= and ghp_abcdefghijklmnopqrstuvwxyz012345 glpat-abcdefghij1234567890';
    expect(scrubSecrets(text)).toBe('Authorization: Basic *** and *** ***');
  });

  it('ignores secrets too short to scrub safely', () => {
    expect(scrubSecrets('a fatal error', ['a'])).toBe('a fatal error');
  });
});
