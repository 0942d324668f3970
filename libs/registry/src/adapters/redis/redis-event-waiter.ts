import { ErrorCode, RaglineError } from '@ragline/errors';
import { FINAL_EVENT_STATUSES, type EventStatus, type LibraryRef } from '@ragline/events';
import type { RedisClient } from '@ragline/redis';
import type { DocumentRegistry, EventWaiter } from '../../registry.port';

type Waiter = (status: EventStatus) => void;

/**
 * Read-your-writes: waits until given events reach a final status. One pub/sub subscription per
 * process (the registry announces every final status on a channel from inside its commit script),
 * so waiting costs no polling. Subscribe first, then read current states, so no announcement is missed.
 */
export class RedisEventWaiter implements EventWaiter {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private subscriber?: RedisClient;
  private subscribing?: Promise<void>;

  constructor(
    private readonly redis: RedisClient,
    private readonly registry: DocumentRegistry,
    private readonly channel: string,
  ) {}

  /** Resolves with each event's final status; throws CONSISTENCY_TIMEOUT naming the ones still pending. */
  async waitForEvents(
    library: LibraryRef,
    eventIds: readonly string[],
    timeoutMs: number,
  ): Promise<Record<string, EventStatus>> {
    const ids = [...new Set(eventIds)];
    await this.subscribe();
    const statuses: Record<string, EventStatus> = {};
    const pending = new Map<string, Promise<EventStatus>>();
    const cancels: Array<() => void> = [];
    for (const id of ids) {
      pending.set(
        id,
        new Promise<EventStatus>((resolve) => {
          cancels.push(this.addWaiter(id, resolve));
        }),
      );
    }
    try {
      const current = await Promise.all(ids.map((id) => this.registry.getEvent(library, id)));
      current.forEach((event, i) => {
        if (!event) {
          throw new RaglineError(
            ErrorCode.EventNotFound,
            `Event "${ids[i]}" is not known (or has expired).`,
            {
              field: 'consistency.afterEvents',
            },
          );
        }
        if (FINAL_EVENT_STATUSES.includes(event.status)) {
          statuses[event.eventId] = event.status;
          pending.delete(event.eventId);
        }
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const entries = [...pending.entries()];
      const settled = await Promise.race([
        Promise.all(entries.map(async ([id, done]) => [id, await done] as const)),
        timeout,
      ]);
      clearTimeout(timer);
      if (settled === 'timeout') {
        const stillPending = entries.map(([id]) => id).filter((id) => this.waiters.has(id));
        throw new RaglineError(
          ErrorCode.ConsistencyTimeout,
          `${stillPending.length} event(s) not applied within ${timeoutMs} ms.`,
          { retryable: true, field: 'consistency.afterEvents', details: { pending: stillPending } },
        );
      }
      for (const [id, status] of settled) statuses[id] = status;
      return statuses;
    } finally {
      cancels.forEach((cancel) => cancel());
    }
  }

  async close(): Promise<void> {
    if (this.subscriber?.isOpen) await this.subscriber.quit();
  }

  private addWaiter(eventId: string, waiter: Waiter): () => void {
    const set = this.waiters.get(eventId) ?? new Set<Waiter>();
    set.add(waiter);
    this.waiters.set(eventId, set);
    return () => {
      set.delete(waiter);
      if (set.size === 0) this.waiters.delete(eventId);
    };
  }

  private subscribe(): Promise<void> {
    this.subscribing ??= (async () => {
      const subscriber = this.redis.duplicate() as RedisClient;
      subscriber.on('error', () => undefined);
      await subscriber.connect();
      await subscriber.subscribe(this.channel, (message: string) => {
        const [eventId, status] = message.split(' ');
        for (const waiter of this.waiters.get(eventId) ?? []) waiter(status as EventStatus);
      });
      this.subscriber = subscriber;
    })();
    return this.subscribing;
  }
}
