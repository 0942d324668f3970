import type { Config } from '@ragline/config';

/** Cohere's API when COHERE_BASE_URL is unset (the SDK's `CohereEnvironment.Production`). */
export const COHERE_DEFAULT_BASE_URL = 'https://api.cohere.com';

/** A remote dependency /ready reports: its name and the base URL it is reached at. */
export interface RemoteDependency {
  name: string;
  baseUrl: string;
}

/**
 * The remote services the API's answers depend on that /ready probes: the embedder when it is
 * Cohere (queries embed through it). Local embedders are in-process and need no probe.
 */
export function remoteDependencies(config: Config): RemoteDependency[] {
  if (config.EMBEDDER !== 'cohere') return [];
  return [{ name: 'embedder', baseUrl: config.COHERE_BASE_URL ?? COHERE_DEFAULT_BASE_URL }];
}

/**
 * Reachability without spending tokens: a HEAD of the base URL, no credentials sent. Any HTTP
 * answer (even 404 or 401) means the service is reachable; a refused connection, a DNS failure or
 * no answer within `timeoutMs` throws. Whether the key is valid shows in the jobs, not here.
 */
export async function probeReachable(baseUrl: string, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(baseUrl, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // /ready is public: the reason only, never the URL.
    throw new Error(`unreachable (${failureReason(error)})`);
  }
  // HEAD has no body; cancel in case a server sends one anyway, so the socket is freed.
  await response.body?.cancel();
}

/** fetch hides the socket's error in `cause` (ECONNREFUSED, ENOTFOUND); a timeout is a DOMException. */
function failureReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  if (name === 'TimeoutError') return `no answer within the time limit`;
  if (typeof cause === 'object' && cause !== null) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message.slice(0, 100);
  }
  return typeof name === 'string' ? name : 'network error';
}
