import { z } from 'zod';
import { waitFor } from '../support/test-env';
import { send, unavailableReplyProblem } from './fault-http';
import type { IntakeReply } from './ingest-stream';

/** At most `max` entries of a finding list, and how many more there were: failures stay readable. */
export function firstOf(list: string[], max = 12): string[] {
  const unique = [...new Set(list)];
  return unique.length <= max
    ? unique
    : [...unique.slice(0, max), `... and ${unique.length - max} more`];
}

/**
 * Problems with intake replies: in phases where every dependency is up only a timely 202 is
 * right; in the others a timely `503` with Retry-After in the error shape is too.
 */
export function intakeProblems(
  replies: IntakeReply[],
  boundMs: number,
  healthyPhases: string[],
): string[] {
  return replies.flatMap((reply) => {
    const healthy = healthyPhases.includes(reply.phase);
    const problem =
      healthy && reply.status !== 202
        ? `not 202 while healthy`
        : unavailableReplyProblem(reply, boundMs, 202);
    return problem ? [`[${reply.phase}] ${problem}`] : [];
  });
}

/** Longest reply time, in seconds with one decimal, for the summary lines. */
export function maxSeconds(replies: Array<{ ms: number }>): string {
  return (Math.max(0, ...replies.map((r) => r.ms)) / 1000).toFixed(1);
}

const statusSchema = z.object({ queue: z.object({ active: z.number() }) });

/** Waits until the queue has jobs being worked on (so a worker fault hits them); returns how many. */
export async function waitForActiveJobs(baseUrl: string, timeoutMs = 20_000): Promise<number> {
  return waitFor(
    async () => {
      const reply = await send(baseUrl, 'GET', '/v1/status', { timeoutMs: 5000 });
      const parsed = statusSchema.safeParse(reply.body);
      return parsed.success && parsed.data.queue.active > 0 ? parsed.data.queue.active : undefined;
    },
    timeoutMs,
    'active jobs on the queue',
  );
}

/** Waits for `GET /ready` to answer 200; returns the time it took, or undefined if it never did. */
export async function timeUntilReady(
  baseUrl: string,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = Date.now();
  try {
    await waitFor(
      async () => {
        const reply = await send(baseUrl, 'GET', '/ready', { timeoutMs: 2000 });
        return reply.status === 200 ? true : undefined;
      },
      timeoutMs,
      '/ready to answer 200',
    );
    return Date.now() - started;
  } catch {
    return undefined;
  }
}
