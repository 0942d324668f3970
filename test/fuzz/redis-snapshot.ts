import IORedis from 'ioredis';
import { QueueName } from '@ragline/events';

/**
 * Counters that grow when the API enqueues or stores anything: BullMQ's job-id counter (every
 * `queue.add`, deduplicated or not, increments it), its wait/active/delayed/prioritized sets, and
 * the registry's document and pending sets. Read in one pipeline, before and after a request.
 */
export class IntakeCounters {
  private readonly redis: IORedis;
  private readonly queue: string;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
    this.queue = `${prefix}:${QueueName.Documents}`;
  }

  async read(): Promise<Record<string, number>> {
    const results = await this.redis
      .pipeline()
      .get(`${this.queue}:id`)
      .llen(`${this.queue}:wait`)
      .llen(`${this.queue}:active`)
      .zcard(`${this.queue}:delayed`)
      .zcard(`${this.queue}:prioritized`)
      .zcard(`${this.prefix}:docs`)
      .zcard(`${this.prefix}:pending-docs`)
      .exec();
    const names = [
      'jobs added',
      'wait',
      'active',
      'delayed',
      'prioritized',
      'docs',
      'pending-docs',
    ];
    const values: Record<string, number> = {};
    names.forEach((name, i) => {
      const [error, value] = results?.[i] ?? [new Error('no reply'), null];
      if (error) throw error;
      values[name] = Number(value ?? 0);
    });
    return values;
  }

  /** Every document id the registry holds (for checks around a batch of concurrent requests). */
  async documentIds(): Promise<Set<string>> {
    return new Set(await this.redis.zrange(`${this.prefix}:docs`, '0', '-1'));
  }

  /** The counters that grew between two reads, as `name a→b`. */
  static grown(before: Record<string, number>, after: Record<string, number>): string[] {
    return Object.keys(after)
      .filter((name) => after[name] > (before[name] ?? 0))
      .map((name) => `${name} ${before[name] ?? 0}→${after[name]}`);
  }

  close(): void {
    this.redis.disconnect();
  }
}
