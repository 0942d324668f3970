/** Credentials that may turn up inside a log line's text (error messages, URLs), by shape. */
const CREDENTIAL_SHAPES: Array<[RegExp, string]> = [
  // Authorization schemes: "Bearer abc…", "Basic abc…"
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [redacted]'],
  // userinfo in URLs: scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"]*:[^/\s@"]+@/gi, '$1[redacted]@'],
  // Ragline API keys, wherever they appear
  [/\brl_[A-Za-z0-9_-]{16,}/g, '[redacted]'],
];

/**
 * Removes credentials from a serialized log line: the configured secret values verbatim (also in
 * their JSON-escaped form), and anything shaped like a bearer token, a URL password or a Ragline
 * key. Applied to every line the process logs, as the last step before it is written.
 */
export class LogScrubber {
  private readonly secrets: string[];

  constructor(secrets: readonly string[]) {
    const forms = secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(forms)].sort((a, b) => b.length - a.length);
  }

  scrub(line: string): string {
    let out = line;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    for (const [shape, replacement] of CREDENTIAL_SHAPES) out = out.replace(shape, replacement);
    return out;
  }
}
