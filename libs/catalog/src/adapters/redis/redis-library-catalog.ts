import { LuaScript, redisOperation, type RedisClient } from '@ragline/redis';
import { libraryKey, parseLibraryKey, type LibraryRef } from '@ragline/events';
import { LibraryDeletingError, LibraryExistsError } from '../../catalog.errors';
import type { Library, LibrarySettings, LibraryVersion, SearchMode } from '../../library';
import type { CatalogChange, LibraryCatalog } from '../../library-catalog.port';
import { CatalogKeys } from './catalog-keys';

/** Creates the library's record unless one exists; answers what is there. */
const createScript = new LuaScript<
  'library' | 'libraries',
  { member: string; fields: readonly string[]; channel: string }
>(
  ['library', 'libraries'],
  `
local status = redis.call('HGET', K.library, 'status')
if status then return status end
redis.call('HSET', K.library, unpack(A.fields))
redis.call('ZADD', K.libraries, 0, A.member)
redis.call('PUBLISH', A.channel, 'created ' .. A.member)
return 'created'
`,
);

const markDeletingScript = new LuaScript<'library', { member: string; channel: string }>(
  ['library'],
  `
if redis.call('EXISTS', K.library) == 0 then return 0 end
redis.call('HSET', K.library, 'status', 'deleting')
redis.call('PUBLISH', A.channel, 'deleting ' .. A.member)
return 1
`,
);

/** The catalog on Redis: one hash per library under the `{catalog}` tag, changes on pub/sub. */
export class RedisLibraryCatalog implements LibraryCatalog {
  private readonly keys: CatalogKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = new CatalogKeys(prefix);
  }

  async create(ref: LibraryRef, settings: LibrarySettings): Promise<Library> {
    const library: Library = {
      ...ref,
      ...settings,
      version: 1,
      status: 'active',
      createdAt: Date.now(),
    };
    const result = await this.insert(library);
    if (result === 'deleting') throw new LibraryDeletingError(ref);
    if (result !== 'created') throw new LibraryExistsError(ref);
    return library;
  }

  async ensure(ref: LibraryRef, settings: LibrarySettings): Promise<Library> {
    const existing = await this.get(ref);
    if (existing) return existing;
    await this.insert({ ...ref, ...settings, version: 1, status: 'active', createdAt: Date.now() });
    const recorded = await this.get(ref);
    if (!recorded) throw new Error(`library ${libraryKey(ref)} vanished while being created`);
    return recorded;
  }

  async get(ref: LibraryRef): Promise<Library | undefined> {
    const fields = await redisOperation('read library', () =>
      this.redis.hGetAll(this.keys.library(ref)),
    );
    return toLibrary(ref, fields);
  }

  async list(tenant: string): Promise<Library[]> {
    const members = (await redisOperation('list libraries', () =>
      this.redis.sendCommand([
        'ZRANGE',
        this.keys.libraries,
        `[${tenant}.`,
        `[${tenant}/`, // '/' sorts right after '.': every member "tenant.*"
        'BYLEX',
      ]),
    )) as string[];
    return this.read(members);
  }

  async listAll(): Promise<Library[]> {
    const members = (await redisOperation('list libraries', () =>
      this.redis.sendCommand(['ZRANGE', this.keys.libraries, '0', '-1']),
    )) as string[];
    return this.read(members);
  }

  async saveVersions(
    ref: LibraryRef,
    versions: {
      live: LibraryVersion;
      building?: LibraryVersion & { reindexId: string };
      previous?: LibraryVersion;
    },
  ): Promise<Library> {
    const { live, building, previous } = versions;
    await redisOperation('save library versions', async () => {
      await this.redis.hSet(this.keys.library(ref), {
        version: String(live.version),
        searchMode: live.searchMode,
        chunkSizeTokens: String(live.chunking.sizeTokens),
        chunkOverlapTokens: String(live.chunking.overlapTokens),
        embedder: live.embedder.key,
        dimensions: String(live.embedder.dimensions),
        building: building ? JSON.stringify(building) : '',
        previous: previous ? JSON.stringify(previous) : '',
      });
      await this.redis.publish(this.keys.channel, `updated ${libraryKey(ref)}`);
    });
    const saved = await this.get(ref);
    if (!saved) throw new Error(`library ${libraryKey(ref)} vanished`);
    return saved;
  }

  async markDeleting(ref: LibraryRef): Promise<boolean> {
    const marked = await redisOperation('mark library deleting', () =>
      markDeletingScript.run(
        this.redis,
        { library: this.keys.library(ref) },
        { member: libraryKey(ref), channel: this.keys.channel },
      ),
    );
    return marked === 1;
  }

  async remove(ref: LibraryRef): Promise<void> {
    await redisOperation('remove library', async () => {
      await this.redis
        .multi()
        .del(this.keys.library(ref))
        .zRem(this.keys.libraries, libraryKey(ref))
        .publish(this.keys.channel, `removed ${libraryKey(ref)}`)
        .exec();
    });
  }

  async subscribe(listener: (change: CatalogChange) => void): Promise<() => Promise<void>> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => undefined);
    await subscriber.connect();
    await subscriber.subscribe(this.keys.channel, (message: string) => {
      const [kind, member] = message.split(' ');
      const library = parseLibraryKey(member ?? '');
      if (
        library &&
        (kind === 'created' || kind === 'deleting' || kind === 'removed' || kind === 'updated')
      ) {
        listener({ kind, library });
      }
    });
    return async () => {
      if (subscriber.isOpen) await subscriber.quit();
    };
  }

  async ping(): Promise<void> {
    await redisOperation('ping', () => this.redis.ping());
  }

  private async insert(library: Library): Promise<string> {
    const fields: string[] = [
      'tenant', library.tenant,
      'library', library.library,
      'description', library.description ?? '',
      'searchMode', library.searchMode,
      'chunkSizeTokens', String(library.chunking.sizeTokens),
      'chunkOverlapTokens', String(library.chunking.overlapTokens),
      'embedder', library.embedder.key,
      'dimensions', String(library.embedder.dimensions),
      'version', String(library.version),
      'status', library.status,
      'createdAt', String(library.createdAt),
    ]; // prettier-ignore
    return String(
      await redisOperation('create library', () =>
        createScript.run(
          this.redis,
          { library: this.keys.library(library), libraries: this.keys.libraries },
          { member: libraryKey(library), fields, channel: this.keys.channel },
        ),
      ),
    );
  }

  private async read(members: string[]): Promise<Library[]> {
    const refs = members.map(parseLibraryKey).filter((r): r is LibraryRef => r !== undefined);
    const libraries = await Promise.all(refs.map((ref) => this.get(ref)));
    return libraries.filter((l): l is Library => l !== undefined);
  }
}

function toLibrary(ref: LibraryRef, fields: Record<string, string>): Library | undefined {
  if (fields.status === undefined) return undefined;
  const mode = fields.searchMode;
  return {
    ...ref,
    ...(fields.description ? { description: fields.description } : {}),
    searchMode: (mode === 'dense' || mode === 'hybrid' ? mode : 'sparse') as SearchMode,
    chunking: {
      sizeTokens: Number(fields.chunkSizeTokens),
      overlapTokens: Number(fields.chunkOverlapTokens),
    },
    embedder: { key: fields.embedder ?? '', dimensions: Number(fields.dimensions) },
    version: Number(fields.version || 1),
    status: fields.status === 'deleting' ? 'deleting' : 'active',
    createdAt: Number(fields.createdAt),
    ...(fields.building ? { building: JSON.parse(fields.building) as Library['building'] } : {}),
    ...(fields.previous ? { previous: JSON.parse(fields.previous) as LibraryVersion } : {}),
  };
}
