/**
 * Scrubs credentials out of text that git wrote (stderr), so an error message can be stored, logged
 * and shown. Git itself redacts some URLs, not all, and a remote's own messages may echo anything.
 */

/** `scheme://userinfo@`: the userinfo of any URL in the text. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@]+)@/gi;
/** An HTTP authorization header value, as git prints it when tracing. */
const AUTHORIZATION = /(authorization:\s*)(basic|bearer|token)\s+\S+/gi;
/** Token shapes GitHub and GitLab issue, caught even when the caller did not name them. */
const KNOWN_TOKENS = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|glpat-[\w-]{20,})/g;
const MASK = '***';

/**
 * Returns `text` with each of `secrets` (and its URL-encoded form), URL userinfo, authorization
 * headers and well-known token shapes replaced by `***`. `git@` stays: it names the SSH user, not a
 * secret.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text;
  for (const secret of secrets) {
    // Very short strings would shred ordinary words; callers pass tokens and header values.
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      scrubbed = scrubbed.split(form).join(MASK);
    }
  }
  return scrubbed
    .replace(URL_USERINFO, (_match, scheme: string, userinfo: string) =>
      userinfo === 'git' ? `${scheme}git@` : `${scheme}${MASK}@`,
    )
    .replace(AUTHORIZATION, `$1$2 ${MASK}`)
    .replace(KNOWN_TOKENS, MASK);
}
