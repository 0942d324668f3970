import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import definitions from '@octokit/webhooks-examples';
import type { TestApp } from '../../support/test-app';

const GITLAB_FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  'libs',
  'sources',
  'src',
  'adapters',
  'gitlab',
  'fixtures',
);

/** What the API answered a delivery. */
export interface Delivered {
  statusCode: number;
  body: Record<string, unknown>;
}

/** A push's range and flags, as a forge would report them. */
export interface PushSpec {
  ref?: string;
  before: string;
  after: string;
  forced?: boolean;
}

/** One real GitHub example payload of `name`, chosen by `pick`, deep-copied so edits stay local. */
export function gitHubExample(
  name: string,
  pick: (payload: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const definition = definitions.find((d) => d.name === name);
  const found = definition?.examples
    .map((payload) => structuredClone(payload) as Record<string, unknown>)
    .find(pick);
  if (found === undefined) throw new Error(`no ${name} example in @octokit/webhooks-examples`);
  return found;
}

/** GitHub's real branch-push example with our ref and range (an update, not a creation). */
export function gitHubPush(push: PushSpec): Record<string, unknown> {
  const example = gitHubExample('push', (p) => p.ref === 'refs/heads/master' && !p.deleted);
  return {
    ...example,
    ref: push.ref ?? 'refs/heads/main',
    before: push.before,
    after: push.after,
    created: false,
    deleted: false,
    forced: push.forced ?? false,
  };
}

/** GitHub's real tag-push example (a tag created at `after`). */
export function gitHubTagPush(after: string): Record<string, unknown> {
  const example = gitHubExample(
    'push',
    (p) => String(p.ref).startsWith('refs/tags/') && !p.deleted,
  );
  return { ...example, after };
}

/** GitLab's documented push payload (the fixture, unchanged but for ref and range). */
export function gitLabPush(push: PushSpec): Record<string, unknown> {
  const fixture = JSON.parse(
    readFileSync(join(GITLAB_FIXTURES, 'gitlab-push.json'), 'utf8'),
  ) as Record<string, unknown>;
  return {
    ...fixture,
    ref: push.ref ?? 'refs/heads/main',
    before: push.before,
    after: push.after,
    checkout_sha: push.after,
  };
}

/** `X-Hub-Signature-256` for exactly these bytes. */
export function signature(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Sends webhook deliveries through the app's inject(), with the body's exact bytes. */
export class WebhookSender {
  constructor(private readonly t: TestApp) {}

  /**
   * A GitHub delivery. `secret` signs the body unless `headers` sets the signature itself (or
   * `secret` is null: no signature header). `deliveryId` defaults to a fresh GUID.
   */
  async github(
    sourceId: string,
    event: string,
    payload: unknown,
    options: { secret: string | null; deliveryId?: string; headers?: Record<string, string> },
  ): Promise<Delivered> {
    const body = toBytes(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.deliveryId ?? randomUUID(),
      ...(options.secret === null
        ? {}
        : { 'x-hub-signature-256': signature(options.secret, body) }),
      ...options.headers,
    };
    return this.send(`/v1/webhooks/github/${sourceId}`, body, headers);
  }

  /**
   * A GitLab delivery with `token` (null: no token header) and `uuid` as `X-Gitlab-Event-UUID`
   * (default a fresh one; null: none).
   */
  async gitlab(
    sourceId: string,
    event: string,
    payload: unknown,
    options: { token: string | null; uuid?: string | null; headers?: Record<string, string> },
  ): Promise<Delivered> {
    const uuid = options.uuid === undefined ? randomUUID() : options.uuid;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-gitlab-event': event,
      ...(uuid === null ? {} : { 'x-gitlab-event-uuid': uuid }),
      ...(options.token === null ? {} : { 'x-gitlab-token': options.token }),
      ...options.headers,
    };
    return this.send(`/v1/webhooks/gitlab/${sourceId}`, toBytes(payload), headers);
  }

  private async send(url: string, body: Buffer, headers: Record<string, string>) {
    const response = await this.t.app.inject({ method: 'POST', url, headers, payload: body });
    return {
      statusCode: response.statusCode,
      body: (response.body === '' ? {} : JSON.parse(response.body)) as Record<string, unknown>,
    };
  }
}

function toBytes(payload: unknown): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  return Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
}
