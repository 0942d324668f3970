import definitions from '@octokit/webhooks-examples';
import { parseGitHubEvent } from './github-push';
import { WebhookPayloadError } from '../../webhooks/webhooks.errors';

const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const ZEROS = '0'.repeat(40);
const HEAD = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

/** Real payloads from `@octokit/webhooks-examples`, found by what they show, not by position. */
function examples(name: string): Record<string, unknown>[] {
  const definition = definitions.find((d) => d.name === name);
  if (definition === undefined) throw new Error(`no ${name} examples`);
  return definition.examples.map((payload) => structuredClone(payload) as Record<string, unknown>);
}
function pushExample(ref: string, deleted: boolean): Record<string, unknown> {
  const found = examples('push').find((p) => p.ref === ref && p.deleted === deleted);
  if (found === undefined) throw new Error(`no push example for ${ref} deleted=${deleted}`);
  return found;
}
const branchCreated = () => pushExample('refs/heads/master', false);

function payloadError(run: () => unknown): WebhookPayloadError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error;
    throw error;
  }
  throw new Error('expected a WebhookPayloadError');
}

describe('parseGitHubEvent', () => {
  it('reads a real branch push', () => {
    expect(parseGitHubEvent('push', DELIVERY, branchCreated())).toEqual({
      kind: 'push',
      deliveryId: DELIVERY,
      ref: 'refs/heads/master',
      branch: 'master',
      before: ZEROS,
      after: HEAD,
      created: true,
      forced: false,
      repositoryUrl: 'https://github.com/Codertocat/Hello-World.git',
      repositoryName: 'Codertocat/Hello-World',
      webUrl: 'https://github.com/Codertocat/Hello-World',
      commitCount: 1,
    });
  });

  it('reports a force-push, keeps slashes in branch names, and an update is not a creation', () => {
    const payload = {
      ...branchCreated(),
      ref: 'refs/heads/docs/v2',
      before: 'a'.repeat(40),
      created: false,
      forced: true,
    };
    expect(parseGitHubEvent('push', DELIVERY, payload)).toMatchObject({
      kind: 'push',
      branch: 'docs/v2',
      before: 'a'.repeat(40),
      created: false,
      forced: true,
    });
  });

  it('answers every real ping example, with or without a repository', () => {
    const pings = examples('ping');
    expect(pings.some((ping) => !('repository' in ping))).toBe(true);
    for (const ping of pings) {
      const { events } = ping.hook as { events: string[] };
      expect(parseGitHubEvent('ping', DELIVERY, ping)).toEqual({
        kind: 'ping',
        deliveryId: DELIVERY,
        zen: 'Anything added dilutes everything else.',
        hookId: 109948940,
        events,
      });
    }
  });

  it('ignores real tag pushes, created and deleted', () => {
    for (const deleted of [false, true]) {
      expect(
        parseGitHubEvent('push', DELIVERY, pushExample('refs/tags/simple-tag', deleted)),
      ).toEqual({
        kind: 'ignored',
        deliveryId: DELIVERY,
        reason: 'tag-push',
        detail: 'Tag pushes are not synced.',
        ref: 'refs/tags/simple-tag',
      });
    }
  });

  it('ignores a branch deletion instead of syncing it', () => {
    // The examples hold no deleted branch: the real created-branch push turned into the deletion
    // GitHub sends (after all zeros, deleted: true, no commits).
    const deletion = {
      ...branchCreated(),
      before: HEAD,
      after: ZEROS,
      created: false,
      deleted: true,
      commits: [],
      head_commit: null,
    };
    expect(parseGitHubEvent('push', DELIVERY, deletion)).toEqual({
      kind: 'ignored',
      deliveryId: DELIVERY,
      reason: 'branch-deleted',
      detail: 'Branch "master" was deleted: nothing to sync.',
      ref: 'refs/heads/master',
      branch: 'master',
    });
    // Either sign of deletion is enough.
    const { deleted: _deleted, ...withoutFlag } = deletion;
    expect(parseGitHubEvent('push', DELIVERY, withoutFlag)).toMatchObject({
      reason: 'branch-deleted',
    });
  });

  it('ignores other real events without reading their bodies', () => {
    for (const name of ['issues', 'create', 'delete']) {
      expect(parseGitHubEvent(name, DELIVERY, examples(name)[0])).toEqual({
        kind: 'ignored',
        deliveryId: DELIVERY,
        reason: 'event-not-handled',
        detail: `GitHub event "${name}" is not handled: only push and ping are.`,
      });
    }
    expect(parseGitHubEvent('issues', DELIVERY, 'not even json')).toMatchObject({
      reason: 'event-not-handled',
    });
  });

  it('ignores pushes to refs that are not branches', () => {
    for (const ref of ['refs/notes/commits', 'refs/pull/1/head', 'refs/heads/']) {
      expect(parseGitHubEvent('push', DELIVERY, { ...branchCreated(), ref })).toMatchObject({
        kind: 'ignored',
        reason: 'not-a-branch',
        ref,
      });
    }
  });

  it('treats a missing or empty delivery id as absent', () => {
    expect(parseGitHubEvent('push', undefined, branchCreated())).not.toHaveProperty('deliveryId');
    expect(parseGitHubEvent('ping', '', examples('ping')[0])).not.toHaveProperty('deliveryId');
  });

  it.each([
    ['a missing ref', { ref: undefined }, 'ref'],
    ['a numeric ref', { ref: 7 }, 'ref'],
    ['an abbreviated after', { after: '6113728' }, 'after'],
    ['a 41-digit before', { before: `${ZEROS}0` }, 'before'],
    ['a non-hex after', { after: 'g'.repeat(40) }, 'after'],
    ['SHA-1 before with SHA-256 after', { after: 'a'.repeat(64) }, 'after'],
    ['a missing after', { after: undefined }, 'after'],
    ['a string for forced', { forced: 'true' }, 'forced'],
    ['a string for deleted', { deleted: 'false' }, 'deleted'],
    ['a repository that is not an object', { repository: 'Hello-World' }, 'repository'],
    ['a numeric clone_url', { repository: { clone_url: 1 } }, 'repository.clone_url'],
    ['commits that are not a list', { commits: 'none' }, 'commits'],
  ])('throws WebhookPayloadError for a push with %s', (_label, changes, field) => {
    const payload: Record<string, unknown> = { ...branchCreated(), ...changes };
    for (const [key, value] of Object.entries(changes))
      if (value === undefined) delete payload[key];
    const error = payloadError(() => parseGitHubEvent('push', DELIVERY, payload));
    expect(error.field).toBe(field);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(field);
  });

  it('throws for a body that is not an object, and for a malformed ping', () => {
    expect(payloadError(() => parseGitHubEvent('push', DELIVERY, [])).field).toBe('body');
    expect(payloadError(() => parseGitHubEvent('push', DELIVERY, undefined)).field).toBe('body');
    expect(payloadError(() => parseGitHubEvent('ping', DELIVERY, { hook_id: 'x' })).field).toBe(
      'hook_id',
    );
  });

  it('throws for a missing or malformed event header and a malformed delivery id', () => {
    expect(payloadError(() => parseGitHubEvent(undefined, DELIVERY, {})).field).toBe(
      'X-GitHub-Event',
    );
    expect(payloadError(() => parseGitHubEvent('', DELIVERY, {})).field).toBe('X-GitHub-Event');
    expect(payloadError(() => parseGitHubEvent('push"<x>', DELIVERY, {})).field).toBe(
      'X-GitHub-Event',
    );
    expect(payloadError(() => parseGitHubEvent('push', 'a b', branchCreated())).field).toBe(
      'X-GitHub-Delivery',
    );
  });

  it('keeps none of the payload it does not need', () => {
    const event = parseGitHubEvent('push', DELIVERY, branchCreated());
    expect(Object.keys(event).sort()).toEqual([
      'after',
      'before',
      'branch',
      'commitCount',
      'created',
      'deliveryId',
      'forced',
      'kind',
      'ref',
      'repositoryName',
      'repositoryUrl',
      'webUrl',
    ]);
  });
});
