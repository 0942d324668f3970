import { redisOperation, type RedisClient } from '@ragline/redis';
import type { LibraryRef } from '@ragline/events';
import {
  SCOPES,
  generateApiKey,
  type ApiKeyRecord,
  type ApiKeyView,
  type Scope,
} from '../../api-key';
import type { ApiKeyStore, NewApiKey } from '../../api-key-store.port';
import { ApiKeyNotFoundError } from '../../catalog.errors';
import { CatalogKeys } from './catalog-keys';

/** API keys on Redis: one hash per key (the secret's SHA-256, never the secret), sets per tenant. */
export class RedisApiKeyStore implements ApiKeyStore {
  private readonly keys: CatalogKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = new CatalogKeys(prefix);
  }

  async create(input: NewApiKey): Promise<{ key: string; record: ApiKeyView }> {
    const { id, key, secretHash } = generateApiKey();
    const record: ApiKeyRecord = {
      id,
      tenant: input.tenant,
      ...(input.name ? { name: input.name } : {}),
      scopes: [...new Set(input.scopes)],
      ...(input.libraries && input.libraries.length > 0
        ? { libraries: [...new Set(input.libraries)].sort() }
        : {}),
      principals: [...new Set(input.principals ?? [])].sort(),
      secretHash,
      createdAt: Date.now(),
    };
    await redisOperation('create key', async () => {
      await this.redis
        .multi()
        .hSet(this.keys.apiKey(id), toFields(record))
        .sAdd(this.keys.tenantKeys(record.tenant), id)
        .sAdd(this.keys.allKeys, id)
        .exec();
    });
    return { key, record: view(record) };
  }

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const fields = await redisOperation('read key', () => this.redis.hGetAll(this.keys.apiKey(id)));
    return toRecord(fields);
  }

  async list(tenant?: string): Promise<ApiKeyView[]> {
    const ids = await redisOperation('list keys', () =>
      this.redis.sMembers(tenant === undefined ? this.keys.allKeys : this.keys.tenantKeys(tenant)),
    );
    const records = await Promise.all(ids.map((id) => this.find(id)));
    return records
      .filter((r): r is ApiKeyRecord => r !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map(view);
  }

  async revoke(id: string, tenant?: string): Promise<ApiKeyView> {
    const record = await this.find(id);
    // Another tenant's key is reported exactly like a missing one.
    if (!record || (tenant !== undefined && record.tenant !== tenant)) {
      throw new ApiKeyNotFoundError(id);
    }
    if (record.revokedAt === undefined) {
      record.revokedAt = Date.now();
      await redisOperation('revoke key', () =>
        this.redis.hSet(this.keys.apiKey(id), 'revokedAt', String(record.revokedAt)),
      );
    }
    return view(record);
  }

  async removeLibrary(ref: LibraryRef): Promise<void> {
    for (const key of await this.list(ref.tenant)) {
      if (!key.libraries?.includes(ref.library)) continue;
      const rest = key.libraries.filter((name) => name !== ref.library);
      await redisOperation('update key', () =>
        this.redis.hSet(this.keys.apiKey(key.id), 'libraries', rest.join(',')),
      );
      if (rest.length === 0) await this.revoke(key.id);
    }
  }
}

function toFields(record: ApiKeyRecord): Record<string, string> {
  return {
    id: record.id,
    tenant: record.tenant,
    name: record.name ?? '',
    scopes: record.scopes.join(','),
    libraries: record.libraries?.join(',') ?? '',
    // A library list of '' with this flag off means "every library"; on, it means none.
    restricted: record.libraries === undefined ? '0' : '1',
    principals: JSON.stringify(record.principals),
    secretHash: record.secretHash,
    createdAt: String(record.createdAt),
    ...(record.revokedAt === undefined ? {} : { revokedAt: String(record.revokedAt) }),
  };
}

function toRecord(fields: Record<string, string>): ApiKeyRecord | undefined {
  if (!fields.id || !fields.secretHash) return undefined;
  const scopes = (fields.scopes ?? '')
    .split(',')
    .filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
  const principals: unknown = JSON.parse(fields.principals || '[]');
  return {
    id: fields.id,
    tenant: fields.tenant,
    ...(fields.name ? { name: fields.name } : {}),
    scopes,
    ...(fields.restricted === '1'
      ? { libraries: fields.libraries ? fields.libraries.split(',') : [] }
      : {}),
    principals: Array.isArray(principals) ? principals.map(String) : [],
    secretHash: fields.secretHash,
    createdAt: Number(fields.createdAt),
    ...(fields.revokedAt ? { revokedAt: Number(fields.revokedAt) } : {}),
  };
}

function view(record: ApiKeyRecord): ApiKeyView {
  const { secretHash: _secret, ...rest } = record;
  return rest;
}
