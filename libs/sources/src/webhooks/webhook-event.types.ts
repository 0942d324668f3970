/**
 * What a verified push webhook asks of Ragline, whichever forge sent it. Parsers return one of
 * these or throw `WebhookPayloadError`; the caller answers `ping` and `ignored` with 2xx and
 * turns `push` into a sync job after its own branch filter.
 */
export type WebhookEvent = WebhookPingEvent | WebhookPushEvent | WebhookIgnoredEvent;

interface WebhookEventBase {
  /** The sender's id for this delivery (GitHub's `X-GitHub-Delivery`), for deduplication. */
  deliveryId?: string;
}

/** GitHub's hello when a hook is created or its "Redeliver"/"Ping" button is pressed. */
export interface WebhookPingEvent extends WebhookEventBase {
  kind: 'ping';
  zen?: string;
  hookId?: number;
  /** The events the hook is subscribed to; a hook without `push` (or `*`) will never sync. */
  events?: string[];
}

/** New commits on a branch: sync `before..after`. Branch deletions never arrive as this. */
export interface WebhookPushEvent extends WebhookEventBase {
  kind: 'push';
  /** The full ref, e.g. `refs/heads/main`. */
  ref: string;
  /** The branch name, `ref` without `refs/heads/` (may contain slashes: `feature/x`). */
  branch: string;
  /** The branch head before the push, lower-case hex; all zeros when the branch was created. */
  before: string;
  /** The branch head after the push, lower-case hex: the commit to index. */
  after: string;
  /** The push created the branch (`before` is all zeros): there is no previous head to diff from. */
  created: boolean;
  /**
   * The sender says the push rewrote history. Undefined when the sender does not say (GitLab):
   * the sync must check that `before` is an ancestor of `after` itself either way.
   */
  forced?: boolean;
  /** GitLab's `checkout_sha`: the branch head once the push is applied. */
  checkoutSha?: string;
  /** The HTTPS clone URL the sender reports (GitHub `clone_url`, GitLab `git_http_url`). */
  repositoryUrl?: string;
  /** `owner/name` as the sender spells it (GitHub `full_name`, GitLab `path_with_namespace`). */
  repositoryName?: string;
  /** The repository's web page (GitHub `html_url`, GitLab `web_url`). */
  webUrl?: string;
  /** Commits in the push as the sender counts them (GitLab lists at most 20 but counts all). */
  commitCount: number;
}

/**
 * Why a verified delivery needs no work. `branch-deleted`: the branch's last commit stays indexed
 * (see `parseGitHubEvent`); the lead may flag the source, and a reconcile sweep against a missing
 * branch hits the delete guard rather than emptying the library.
 */
export type WebhookIgnoredReason =
  'event-not-handled' | 'tag-push' | 'not-a-branch' | 'branch-deleted';

/** A delivery that is valid but asks for nothing: answer 202 with `reason` and `detail`. */
export interface WebhookIgnoredEvent extends WebhookEventBase {
  kind: 'ignored';
  reason: WebhookIgnoredReason;
  /** One human sentence, safe to return to the sender (no payload values beyond ref names). */
  detail: string;
  ref?: string;
  branch?: string;
}
