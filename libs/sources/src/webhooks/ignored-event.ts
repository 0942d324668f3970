import type { WebhookIgnoredEvent } from './webhook-event.types';

type Base = { deliveryId?: string };

/**
 * A push to a tag (`tag-push`) or to a ref that is not a branch (`not-a-branch`). `ref` is left
 * out when the event was ignored without reading a well-formed one.
 */
export function ignoredRef(
  base: Base,
  ref: string | undefined,
  kind: 'tag' | 'other',
): WebhookIgnoredEvent {
  const known = ref === undefined ? {} : { ref };
  return kind === 'tag'
    ? {
        ...base,
        kind: 'ignored',
        reason: 'tag-push',
        detail: 'Tag pushes are not synced.',
        ...known,
      }
    : {
        ...base,
        kind: 'ignored',
        reason: 'not-a-branch',
        detail: 'Only branches are synced.',
        ...known,
      };
}

/** A push that deleted a branch: nothing is synced (see `parseGitHubEvent` for why). */
export function ignoredBranchDeletion(
  base: Base,
  ref: string,
  branch: string,
): WebhookIgnoredEvent {
  return {
    ...base,
    kind: 'ignored',
    reason: 'branch-deleted',
    detail: `Branch "${branch}" was deleted: nothing to sync.`,
    ref,
    branch,
  };
}

/** An event type Ragline does not act on; `detail` names it and what is handled. */
export function ignoredEvent(base: Base, detail: string): WebhookIgnoredEvent {
  return { ...base, kind: 'ignored', reason: 'event-not-handled', detail };
}
