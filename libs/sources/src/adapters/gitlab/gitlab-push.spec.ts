import gitLabPush from './fixtures/gitlab-push.json';
import gitLabTagPush from './fixtures/gitlab-tag-push.json';
import { parseGitLabEvent } from './gitlab-push';
import { WebhookPayloadError } from '../../webhooks/webhooks.errors';

const ZEROS = '0'.repeat(40);

/** The documented payload with some fields replaced or removed (undefined). */
function pushWith(changes: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = structuredClone(gitLabPush);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete payload[key];
    else payload[key] = value;
  }
  return payload;
}

function payloadError(run: () => unknown): WebhookPayloadError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error;
    throw error;
  }
  throw new Error('expected a WebhookPayloadError');
}

describe('parseGitLabEvent', () => {
  it("reads GitLab's documented push payload", () => {
    expect(parseGitLabEvent('Push Hook', gitLabPush)).toEqual({
      kind: 'push',
      ref: 'refs/heads/master',
      branch: 'master',
      before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
      after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      created: false,
      checkoutSha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      repositoryUrl: 'http://example.com/mike/diaspora.git',
      repositoryName: 'mike/diaspora',
      webUrl: 'http://example.com/mike/diaspora',
      // total_commits_count, not the (at most 20) commits listed
      commitCount: 4,
    });
  });

  it('reads a system hook push like a project hook push', () => {
    expect(parseGitLabEvent('System Hook', gitLabPush)).toMatchObject({
      kind: 'push',
      branch: 'master',
      after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    });
  });

  it('reports a created branch and leaves forced unknown', () => {
    const event = parseGitLabEvent('Push Hook', pushWith({ before: ZEROS }));
    expect(event).toMatchObject({ kind: 'push', created: true });
    expect(event).not.toHaveProperty('forced');
  });

  it('falls back to the older repository block and the commits list', () => {
    const event = parseGitLabEvent(
      'Push Hook',
      pushWith({ project: undefined, total_commits_count: undefined }),
    );
    expect(event).toMatchObject({
      kind: 'push',
      repositoryUrl: 'http://example.com/mike/diaspora.git',
      webUrl: 'http://example.com/mike/diaspora',
      commitCount: 2,
    });
  });

  it('ignores a branch deletion (after all zeros, checkout_sha null)', () => {
    const deletion = pushWith({
      after: ZEROS,
      checkout_sha: null,
      commits: [],
      total_commits_count: 0,
    });
    expect(parseGitLabEvent('Push Hook', deletion)).toEqual({
      kind: 'ignored',
      reason: 'branch-deleted',
      detail: 'Branch "master" was deleted: nothing to sync.',
      ref: 'refs/heads/master',
      branch: 'master',
    });
  });

  it("ignores GitLab's documented tag push, as a project or a system hook", () => {
    const expected = { kind: 'ignored', reason: 'tag-push', ref: 'refs/tags/v1.0.0' };
    expect(parseGitLabEvent('Tag Push Hook', gitLabTagPush)).toMatchObject(expected);
    expect(parseGitLabEvent('System Hook', gitLabTagPush)).toMatchObject(expected);
  });

  it('ignores other events and other system hook kinds', () => {
    expect(parseGitLabEvent('Issue Hook', { object_kind: 'issue' })).toMatchObject({
      kind: 'ignored',
      reason: 'event-not-handled',
      detail: 'GitLab event "Issue Hook" is not handled: only Push Hook is.',
    });
    expect(parseGitLabEvent('System Hook', { object_kind: 'project_create' })).toMatchObject({
      kind: 'ignored',
      reason: 'event-not-handled',
    });
  });

  it('ignores a push to a ref that is not a branch', () => {
    expect(
      parseGitLabEvent('Push Hook', pushWith({ ref: 'refs/merge-requests/1/head' })),
    ).toMatchObject({
      kind: 'ignored',
      reason: 'not-a-branch',
    });
  });

  it('accepts SHA-256 commit ids and lower-cases upper-case ones', () => {
    const before = 'A'.repeat(64);
    const after = 'b'.repeat(64);
    const event = parseGitLabEvent('Push Hook', pushWith({ before, after, checkout_sha: after }));
    expect(event).toMatchObject({ kind: 'push', before: 'a'.repeat(64), after });
  });

  it.each([
    ['a missing ref', { ref: undefined }, 'ref'],
    ['a ref that is not a full ref name', { ref: 'master' }, 'ref'],
    ['an abbreviated after', { after: 'da15608' }, 'after'],
    ['a non-hex before', { before: 'z'.repeat(40) }, 'before'],
    ['SHA-1 before with SHA-256 after', { after: 'a'.repeat(64) }, 'after'],
    ['a numeric after', { after: 12 }, 'after'],
    ['a malformed checkout_sha', { checkout_sha: 'nope' }, 'checkout_sha'],
    ['a project of the wrong type', { project: 'diaspora' }, 'project'],
    ['a git_http_url of the wrong type', { project: { git_http_url: 1 } }, 'project.git_http_url'],
    ['a negative total_commits_count', { total_commits_count: -1 }, 'total_commits_count'],
    ['commits that are not a list', { commits: {} }, 'commits'],
    ['a push hook whose object_kind is not push', { object_kind: 'tag_push' }, 'object_kind'],
  ])('throws WebhookPayloadError for %s', (_label, changes, field) => {
    const error = payloadError(() => parseGitLabEvent('Push Hook', pushWith(changes)));
    expect(error.field).toBe(field);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(field);
  });

  it('throws for a body that is not an object, a system hook without object_kind, or no header', () => {
    expect(payloadError(() => parseGitLabEvent('Push Hook', 'push')).field).toBe('body');
    expect(payloadError(() => parseGitLabEvent('Push Hook', null)).field).toBe('body');
    expect(payloadError(() => parseGitLabEvent('System Hook', {})).field).toBe('object_kind');
    expect(payloadError(() => parseGitLabEvent(undefined, gitLabPush)).field).toBe(
      'X-Gitlab-Event',
    );
    expect(payloadError(() => parseGitLabEvent('Push\nHook', gitLabPush)).field).toBe(
      'X-Gitlab-Event',
    );
  });

  it('never echoes payload values in its messages', () => {
    const secretLooking = 'glpat-0123456789abcdef';
    const error = payloadError(() =>
      parseGitLabEvent('Push Hook', pushWith({ after: secretLooking })),
    );
    expect(error.message).not.toContain(secretLooking);
  });
});
