import { InvalidGitRefError } from './git.errors';
import { assertBranchName, assertObjectId, isObjectId } from './git-repo';

describe('assertBranchName', () => {
  it.each(['main', 'release/1.2', 'feature/docs-v2', 'user@x', 'ünï'])('accepts %s', (name) => {
    expect(() => assertBranchName(name)).not.toThrow();
  });

  it.each([
    '',
    '-main',
    '--upload-pack=x',
    'a b',
    'a..b',
    'a~1',
    'a^',
    'a:b',
    'a?',
    'a*',
    'a[',
    'a\\b',
    '@',
    'a@{1}',
    '/a',
    'a/',
    'a//b',
    '.hidden',
    'a/.b',
    'a.lock',
    'a.',
    'x'.repeat(256),
  ])('rejects %j', (name) => {
    expect(() => assertBranchName(name)).toThrow(InvalidGitRefError);
  });
});

describe('object ids', () => {
  it('accepts full SHA-1 and SHA-256 ids only', () => {
    expect(isObjectId('a'.repeat(40))).toBe(true);
    expect(isObjectId('A'.repeat(64))).toBe(true);
    expect(isObjectId('a'.repeat(39))).toBe(false);
    expect(isObjectId('HEAD')).toBe(false);
    expect(() => assertObjectId('--all', 'before')).toThrow('before must be a full commit');
  });
});
