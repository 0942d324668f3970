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

const urlField = z.string().min(1).optional();

/**
 * The parts of GitLab's push payload (project hooks' "Push Hook", system hooks' `push`) Ragline
 * reads; the rest (user, commit details, ...) is dropped unread. `checkout_sha` is null when the
 * push deleted the branch. `commits` lists at most 20; `total_commits_count` counts them all.
 */
export const gitLabPushPayloadSchema = z
  .object({
    object_kind: z.literal('push'),
    ref: refSchema,
    before: commitIdSchema,
    after: commitIdSchema,
    checkout_sha: commitIdSchema.nullable().optional(),
    project: z
      .object({
        git_http_url: urlField,
        web_url: urlField,
        path_with_namespace: z.string().min(1).optional(),
      })
      .optional(),
    // Older GitLab versions send only `repository`; `project` replaced it.
    repository: z.object({ git_http_url: urlField, homepage: urlField }).optional(),
    commits: z.array(z.unknown()).optional(),
    total_commits_count: z.number().int().nonnegative().optional(),
  })
  .refine((push) => push.before.length === push.after.length, {
    path: ['after'],
    message: 'must use the same hash (40 or 64 digits) as before',
  });
export type GitLabPushPayload = z.infer<typeof gitLabPushPayloadSchema>;

const objectKindSchema = z.object({
  object_kind: z.string().regex(/^[a-z_]{1,64}$/, 'must be a GitLab object kind such as "push"'),
});

const EVENT_HEADER = /^[A-Za-z0-9 _.-]{1,100}$/;

/**
 * Reads a GitLab delivery (`X-Gitlab-Event` and the parsed JSON body). Check the token first
 * (`verifyGitLabToken`): this trusts the content. GitLab has no ping: its "Test → Push events"
 * button sends an ordinary push payload, parsed like any other.
 *
 * - `Push Hook`, or `System Hook` with `object_kind: "push"` → `{kind: 'push'}`; a branch
 *   deletion (`after` all zeros) → ignored `branch-deleted`, for the reasons `parseGitHubEvent`
 *   gives. `forced` is left undefined: GitLab does not say whether history was rewritten.
 * - `Tag Push Hook`, or `System Hook` with `object_kind: "tag_push"` → ignored `tag-push`.
 * - Any other event → ignored `event-not-handled`.
 *
 * Deduplication keys (`X-Gitlab-Event-UUID`, `Idempotency-Key`) are the caller's business.
 *
 * @throws WebhookPayloadError (400) for a missing or malformed event header, or a body that lacks
 *   or mistypes a field read here (`field` names it).
 */
export function parseGitLabEvent(eventHeader: string | undefined, body: unknown): WebhookEvent {
  const event = requireHeader('X-Gitlab-Event', eventHeader, EVENT_HEADER);
  if (event === 'Push Hook') return toPushEvent(parsePayload(gitLabPushPayloadSchema, body));
  if (event === 'Tag Push Hook') return ignoredRef({}, refOf(body), 'tag');
  if (event !== 'System Hook') {
    return ignoredEvent({}, `GitLab event "${event}" is not handled: only Push Hook is.`);
  }
  const { object_kind: kind } = parsePayload(objectKindSchema, body);
  if (kind === 'push') return toPushEvent(parsePayload(gitLabPushPayloadSchema, body));
  if (kind === 'tag_push') return ignoredRef({}, refOf(body), 'tag');
  return ignoredEvent({}, `GitLab system event "${kind}" is not handled: only push is.`);
}

function toPushEvent(push: GitLabPushPayload): WebhookEvent {
  const target = classifyRef(push.ref);
  if (target.kind !== 'branch') return ignoredRef({}, push.ref, target.kind);
  if (isZeroCommitId(push.after)) return ignoredBranchDeletion({}, push.ref, target.branch);
  return {
    kind: 'push',
    ref: push.ref,
    branch: target.branch,
    before: push.before,
    after: push.after,
    created: isZeroCommitId(push.before),
    checkoutSha: push.checkout_sha ?? undefined,
    repositoryUrl: push.project?.git_http_url ?? push.repository?.git_http_url,
    repositoryName: push.project?.path_with_namespace,
    webUrl: push.project?.web_url ?? push.repository?.homepage,
    commitCount: push.total_commits_count ?? push.commits?.length ?? 0,
  };
}

/** The ref of an event that is ignored unparsed, when it has a well-formed one (for the reply). */
function refOf(body: unknown): string | undefined {
  const parsed = z.object({ ref: refSchema }).safeParse(body);
  return parsed.success ? parsed.data.ref : undefined;
}
