import { libraryKey, parseLibraryKey, type LibraryRef } from '@ragline/events';
import { redisOperation, type RedisClient } from '@ragline/redis';
import type { Source, SyncRun } from '../../source';
import type { SourceCitations, SourceFiles, SourceStore } from '../../source-store.port';

const RUN_TTL_SECONDS = 30 * 24 * 3600;
const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;
const RUNS_KEPT = 200;

/**
 * Sources on Redis. Everything of a source sits under its library's hash tag (so a library's
 * deletion sweeps it too); only the id → library index lives under `{catalog}`, because webhooks
 * name the source alone.
 */
export class RedisSourceStore implements SourceStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private base(library: LibraryRef): string {
    return `${this.prefix}:{${libraryKey(library)}}`;
  }
  private sourceKey(source: LibraryRef & { id: string }): string {
    return `${this.base(source)}:source:${source.id}`;
  }
  private indexKey(id: string): string {
    return `${this.prefix}:{catalog}:source-index:${id}`;
  }
  private scoped(source: Source, what: string): string {
    return `${this.base(source)}:source-${what}:${source.id}`;
  }

  async create(source: Source): Promise<void> {
    await redisOperation('create source', async () => {
      await this.redis.set(this.indexKey(source.id), libraryKey(source));
      await this.redis
        .multi()
        .set(this.sourceKey(source), JSON.stringify(source))
        .zAdd(`${this.base(source)}:sources`, { score: source.createdAt, value: source.id })
        .exec();
    });
  }

  async get(library: LibraryRef, id: string): Promise<Source | undefined> {
    const raw = await redisOperation('read source', () =>
      this.redis.get(this.sourceKey({ ...library, id })),
    );
    return raw ? (JSON.parse(raw) as Source) : undefined;
  }

  async find(id: string): Promise<Source | undefined> {
    const member = await redisOperation('find source', () => this.redis.get(this.indexKey(id)));
    const library = member ? parseLibraryKey(member) : undefined;
    return library ? this.get(library, id) : undefined;
  }

  async list(library: LibraryRef): Promise<Source[]> {
    const ids = await redisOperation('list sources', () =>
      this.redis.zRange(`${this.base(library)}:sources`, 0, -1),
    );
    const sources = await Promise.all(ids.map((id) => this.get(library, id)));
    return sources.filter((s): s is Source => s !== undefined);
  }

  async update(source: Source): Promise<void> {
    await redisOperation('update source', () =>
      this.redis.set(this.sourceKey(source), JSON.stringify(source)),
    );
  }

  async remove(source: Source): Promise<void> {
    await redisOperation('remove source', async () => {
      const runs = await this.redis.zRange(this.scoped(source, 'runs'), 0, -1);
      await this.redis
        .multi()
        .del([
          this.sourceKey(source),
          this.scoped(source, 'runs'),
          this.scoped(source, 'queued'),
          this.scoped(source, 'claimed'),
          this.scoped(source, 'state'),
          this.scoped(source, 'files'),
          ...runs.map((id) => this.runKey(source, id)),
        ])
        .zRem(`${this.base(source)}:sources`, source.id)
        .exec();
      await this.redis.del(this.indexKey(source.id));
    });
  }

  async markDelivery(source: Source, deliveryId: string): Promise<boolean> {
    const set = await redisOperation('record delivery', () =>
      this.redis.set(`${this.scoped(source, 'delivery')}:${deliveryId}`, '1', {
        NX: true,
        EX: DELIVERY_TTL_SECONDS,
      }),
    );
    return set === 'OK';
  }

  private runKey(source: Source, runId: string): string {
    return `${this.scoped(source, 'run')}:${runId}`;
  }

  async saveRun(source: Source, run: SyncRun): Promise<void> {
    await redisOperation('save sync', async () => {
      await this.redis
        .multi()
        .set(this.runKey(source, run.id), JSON.stringify(run), { EX: RUN_TTL_SECONDS })
        .zAdd(this.scoped(source, 'runs'), { score: run.createdAt, value: run.id })
        .zRemRangeByRank(this.scoped(source, 'runs'), 0, -RUNS_KEPT - 1)
        .exec();
    });
  }

  async getRun(source: Source, runId: string): Promise<SyncRun | undefined> {
    const raw = await redisOperation('read sync', () => this.redis.get(this.runKey(source, runId)));
    return raw ? (JSON.parse(raw) as SyncRun) : undefined;
  }

  async listRuns(source: Source, limit: number): Promise<SyncRun[]> {
    const ids = await redisOperation('list syncs', () =>
      this.redis.zRange(this.scoped(source, 'runs'), 0, limit - 1, { REV: true }),
    );
    const runs = await Promise.all(ids.map((id) => this.getRun(source, id)));
    return runs.filter((r): r is SyncRun => r !== undefined);
  }

  async queueRun(source: Source, run: SyncRun): Promise<void> {
    await this.saveRun(source, run);
    await redisOperation('queue sync', () =>
      this.redis.rPush(this.scoped(source, 'queued'), run.id),
    );
  }

  async claimRuns(source: Source): Promise<SyncRun[]> {
    const queued = this.scoped(source, 'queued');
    const claimed = this.scoped(source, 'claimed');
    const ids = await redisOperation('claim syncs', async () => {
      for (;;) {
        // LMOVE one at a time: a run queued while we claim is never lost between the two lists.
        const moved = await this.redis.lMove(queued, claimed, 'LEFT', 'RIGHT');
        if (moved === null) break;
      }
      return this.redis.lRange(claimed, 0, -1);
    });
    const runs = await Promise.all([...new Set(ids)].map((id) => this.getRun(source, id)));
    return runs.filter((r): r is SyncRun => r !== undefined);
  }

  async releaseRuns(source: Source): Promise<void> {
    await redisOperation('release syncs', () => this.redis.del(this.scoped(source, 'claimed')));
  }

  async getState(
    source: Source,
  ): Promise<{ commit?: string; files: SourceFiles; citations: SourceCitations }> {
    const [commit, files] = await redisOperation('read source state', () =>
      Promise.all([
        this.redis.hGet(this.scoped(source, 'state'), 'commit'),
        this.redis.hGetAll(this.scoped(source, 'files')),
      ]),
    );
    // Each file is `<blob> <cited commit>`.
    const blobs: SourceFiles = new Map();
    const citations: SourceCitations = new Map();
    for (const [path, value] of Object.entries(files)) {
      const [blob, cites] = value.split(' ');
      blobs.set(path, blob);
      if (cites) citations.set(path, cites);
    }
    return { ...(commit ? { commit } : {}), files: blobs, citations };
  }

  async saveState(
    source: Source,
    commit: string,
    changes: { set: Array<[string, string, string]>; removed: string[] },
  ): Promise<void> {
    await redisOperation('save source state', async () => {
      const files = this.scoped(source, 'files');
      const multi = this.redis.multi();
      for (let i = 0; i < changes.set.length; i += 1000) {
        const slice = changes.set.slice(i, i + 1000);
        multi.hSet(
          files,
          Object.fromEntries(slice.map(([path, blob, cites]) => [path, `${blob} ${cites}`])),
        );
      }
      for (let i = 0; i < changes.removed.length; i += 1000) {
        multi.hDel(files, changes.removed.slice(i, i + 1000));
      }
      multi.hSet(this.scoped(source, 'state'), 'commit', commit);
      await multi.exec();
    });
  }
}
