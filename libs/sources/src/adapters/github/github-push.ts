import { z } from 'zod';
import {
  classifyRef,
  commitIdSchema,
  isZeroCommitId,
  refSchema,
} from '../../webhooks/git-ref.schemas';
import { ignoredBranchDeletion, ignoredEvent, ignoredRef } from '../../webhooks/ignored-event';
import { parsePayload, requireHeader } from '../../webhooks/parse-payload';
import type { WebhookEvent } from '../../webhooks/webhook-event.types';

/**
 * The parts of GitHub's `push` payload Ragline reads. Everything else (commit details, pusher,
 * sender, installation, the 80-odd repository fields) is dropped unread: payloads grow, and a new
 * field must never break a sync. The fields read are checked for type.
 */
export const gitHubPushPayloadSchema = z
  .object({
    ref: refSchema,
    before: commitIdSchema,
    after: commitIdSchema,
    created: z.boolean().optional(),
    deleted: z.boolean().optional(),
    forced: z.boolean().optional(),
    repository: z
      .object({
        clone_url: z.string().min(1).optional(),
        html_url: z.string().min(1).optional(),
        full_name: z.string().min(1).optional(),
      })
      .optional(),
    commits: z.array(z.unknown()).optional(),
  })
  .refine((push) => push.before.length === push.after.length, {
    path: ['after'],
    message: 'must use the same hash (40 or 64 digits) as before',
  });
export type GitHubPushPayload = z.infer<typeof gitHubPushPayloadSchema>;

/** The parts of GitHub's `ping` payload worth reporting back to whoever set the hook up. */
export const gitHubPingPayloadSchema = z.object({
  zen: z.string().optional(),
  hook_id: z.number().int().optional(),
  hook: z.object({ events: z.array(z.string()).optional() }).optional(),
});

const EVENT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** GitHub sends a GUID; any printable ASCII is kept, since it only keys deduplication. */
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Reads a GitHub delivery (`X-GitHub-Event`, `X-GitHub-Delivery`, the parsed JSON body). Verify
 * the signature over the raw body first (`verifyGitHubSignature`): this trusts the content.
 *
 * - `ping` → `{kind: 'ping'}`.
 * - `push` to `refs/heads/<branch>` → `{kind: 'push'}` with the branch name and commit range.
 * - A tag push → ignored `tag-push`; other refs (`refs/notes/*`, ...) → ignored `not-a-branch`.
 * - A branch deletion (`deleted: true` or `after` all zeros) → ignored `branch-deleted`, not a
 *   push: removing the tracked branch says nothing about which documents are gone, and emptying a
 *   library because a branch was deleted (or renamed, which arrives as delete + create) is the
 *   failure the delete guard exists to stop. The last indexed commit stays searchable.
 * - Any other event → ignored `event-not-handled`.
 *
 * An empty `deliveryId` counts as absent; whether a delivery without one is accepted is the
 * caller's decision.
 *
 * @throws WebhookPayloadError (400) for a missing or malformed event header, a malformed delivery
 *   id, or a body that lacks or mistypes a field read here (`field` names it).
 */
export function parseGitHubEvent(
  eventName: string | undefined,
  deliveryId: string | undefined,
  body: unknown,
): WebhookEvent {
  const event = requireHeader('X-GitHub-Event', eventName, EVENT_NAME);
  const base =
    deliveryId === undefined || deliveryId === ''
      ? {}
      : { deliveryId: requireHeader('X-GitHub-Delivery', deliveryId, DELIVERY_ID) };

  if (event === 'ping') {
    const ping = parsePayload(gitHubPingPayloadSchema, body);
    return {
      ...base,
      kind: 'ping',
      zen: ping.zen,
      hookId: ping.hook_id,
      events: ping.hook?.events,
    };
  }
  if (event !== 'push') {
    return ignoredEvent(base, `GitHub event "${event}" is not handled: only push and ping are.`);
  }

  const push = parsePayload(gitHubPushPayloadSchema, body);
  const target = classifyRef(push.ref);
  if (target.kind !== 'branch') return ignoredRef(base, push.ref, target.kind);
  if (push.deleted === true || isZeroCommitId(push.after)) {
    return ignoredBranchDeletion(base, push.ref, target.branch);
  }
  return {
    ...base,
    kind: 'push',
    ref: push.ref,
    branch: target.branch,
    before: push.before,
    after: push.after,
    created: push.created === true || isZeroCommitId(push.before),
    forced: push.forced,
    repositoryUrl: push.repository?.clone_url,
    repositoryName: push.repository?.full_name,
    webUrl: push.repository?.html_url,
    commitCount: push.commits?.length ?? 0,
  };
}
