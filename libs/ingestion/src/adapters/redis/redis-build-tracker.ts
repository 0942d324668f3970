import { libraryKey, type LibraryRef } from '@ragline/events';
import { LuaScript, redisOperation, type RedisClient } from '@ragline/redis';
import type { BuildTracker } from '../../build-tracker.port';

/** Raises a document's mark to `A.version` (never lowers it). */
const intendScript = new LuaScript<'marks', { documentId: string; version: number }>(
  ['marks'],
  `
local current = tonumber(redis.call('HGET', K.marks, A.documentId) or '-1')
if A.version > current then redis.call('HSET', K.marks, A.documentId, fmt(A.version)) end
return 1
`,
);

/** The marks of one build, a hash under the library's tag. */
export class RedisBuildTracker implements BuildTracker {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private marks(library: LibraryRef, reindexId: string): string {
    return `${this.prefix}:{${libraryKey(library)}}:build-marks:${reindexId}`;
  }

  async intend(
    library: LibraryRef,
    reindexId: string,
    documentId: string,
    version: number,
  ): Promise<void> {
    await redisOperation('mark build', () =>
      intendScript.run(
        this.redis,
        { marks: this.marks(library, reindexId) },
        { documentId, version },
      ),
    );
  }

  async settled(
    library: LibraryRef,
    reindexId: string,
    documentId: string,
    version: number,
  ): Promise<boolean> {
    const mark = await redisOperation('read build mark', () =>
      this.redis.hGet(this.marks(library, reindexId), documentId),
    );
    return mark === null || mark === undefined || Number(mark) <= version;
  }

  async clear(library: LibraryRef, reindexId: string): Promise<void> {
    await redisOperation('clear build marks', () => this.redis.del(this.marks(library, reindexId)));
  }
}
