import { libraryKey, type LibraryRef } from '@ragline/events';
import type { RedisClient } from '@ragline/redis';
import type { EmbeddingCache } from '../../embedding-cache.port';

export interface RedisEmbeddingCacheOptions {
  prefix: string;
  ttlSeconds: number;
}

/**
 * The embedding cache in Redis, under the library's hash tag (one slot per library, like the
 * rest of its keys). Vectors are base64 float32: 1.4 KB for 256 dimensions. Entries expire, so
 * the cache never outgrows what is in use.
 */
export class RedisEmbeddingCache implements EmbeddingCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisEmbeddingCacheOptions,
  ) {}

  private key(library: LibraryRef, embedder: string, contentHash: string): string {
    return `${this.options.prefix}:{${libraryKey(library)}}:emb:${embedder}:${contentHash}`;
  }

  async getMany(
    library: LibraryRef,
    embedder: string,
    contentHashes: readonly string[],
  ): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    if (contentHashes.length === 0) return found;
    const values = await this.redis.mGet(
      contentHashes.map((hash) => this.key(library, embedder, hash)),
    );
    values.forEach((value, i) => {
      if (typeof value === 'string') found.set(contentHashes[i], decode(value));
    });
    return found;
  }

  async setMany(
    library: LibraryRef,
    embedder: string,
    entries: ReadonlyArray<[contentHash: string, vector: number[]]>,
  ): Promise<void> {
    if (entries.length === 0) return;
    const multi = this.redis.multi();
    for (const [hash, vector] of entries) {
      multi.set(this.key(library, embedder, hash), encode(vector), { EX: this.options.ttlSeconds });
    }
    await multi.execAsPipeline();
  }
}

function encode(vector: number[]): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString('base64');
}

function decode(value: string): number[] {
  const bytes = Buffer.from(value, 'base64');
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}
