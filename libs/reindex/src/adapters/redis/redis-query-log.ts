import { Logger } from '@nestjs/common';
import { describeError } from '@ragline/errors';
import { libraryKey, type LibraryRef } from '@ragline/events';
import { redisOperation, type RedisClient } from '@ragline/redis';
import type { QueryLog } from '../../query-log.port';

/** A capped Redis list per library, under the library's hash tag. */
export class RedisQueryLog implements QueryLog {
  private readonly logger = new Logger('query-log');

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Queries kept per library; 0 keeps none. */
    private readonly size: number,
  ) {}

  private key(library: LibraryRef): string {
    return `${this.prefix}:{${libraryKey(library)}}:query-log`;
  }

  async record(library: LibraryRef, query: string): Promise<void> {
    if (this.size === 0) return;
    try {
      await this.redis
        .multi()
        .lPush(this.key(library), query)
        .lTrim(this.key(library), 0, this.size - 1)
        .exec();
    } catch (error) {
      this.logger.warn({ stage: 'query-log', error: describeError(error) }, 'query not logged');
    }
  }

  async recent(library: LibraryRef, limit: number): Promise<string[]> {
    const queries = await redisOperation('read query log', () =>
      this.redis.lRange(this.key(library), 0, -1),
    );
    return [...new Set(queries)].slice(0, limit);
  }
}
