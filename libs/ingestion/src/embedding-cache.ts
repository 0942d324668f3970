import type { RedisClientType } from 'redis';

export interface EmbeddingCacheOptions {
  prefix: string;
  /** Identity of the embedding space (embedderKey): vectors of two embedders never mix. */
  embedder: string;
  ttlSeconds: number;
}

/**
 * Vectors by (embedder, chunk content hash) in Redis, so identical chunks across documents (and a
 * document deleted then re-added) are embedded once. Vectors are stored as base64 float32: 1.4 KB for
 * 256 dimensions. Entries expire, so the cache never outgrows what is in use.
 */
export class EmbeddingCache {
  constructor(
    private readonly redis: RedisClientType,
    private readonly options: EmbeddingCacheOptions,
  ) {}

  private key(contentHash: string): string {
    return `${this.options.prefix}:emb:${this.options.embedder}:${contentHash}`;
  }

  /** Cached vectors for the given hashes; misses are absent from the map. */
  async getMany(contentHashes: readonly string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    if (contentHashes.length === 0) return found;
    const values = await this.redis.mGet(contentHashes.map((hash) => this.key(hash)));
    values.forEach((value, i) => {
      if (typeof value === 'string') found.set(contentHashes[i], decode(value));
    });
    return found;
  }

  async setMany(entries: ReadonlyArray<[contentHash: string, vector: number[]]>): Promise<void> {
    if (entries.length === 0) return;
    const multi = this.redis.multi();
    for (const [hash, vector] of entries)
      multi.set(this.key(hash), encode(vector), { EX: this.options.ttlSeconds });
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
