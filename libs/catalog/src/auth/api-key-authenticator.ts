import { Inject, Injectable } from '@nestjs/common';
import { keysMatch, parseApiKey, secretMatches, type ApiKeyRecord } from '../api-key';
import { API_KEY_STORE, type ApiKeyStore } from '../api-key-store.port';
import { CONFIG, authRequired, type Config } from '@ragline/config';
import { DEFAULT_TENANT } from '@ragline/events';
import { UnauthorizedError } from './auth.errors';
import type { Caller } from './caller';

/**
 * How long a looked-up key is trusted before Redis is asked again: a revoked key is refused
 * within this, on every API process, with no invalidation messages to lose.
 */
export const KEY_CACHE_MS = 500;

const TRUSTED_LOCAL: Caller = Object.freeze<Caller>({
  tenant: DEFAULT_TENANT,
  scopes: ['admin'],
  principals: [],
  unrestricted: true,
  root: true,
});

/** Turns an `Authorization` header into a Caller, or refuses it (401). */
@Injectable()
export class ApiKeyAuthenticator {
  readonly required: boolean;
  private readonly cache = new Map<string, { record?: ApiKeyRecord; at: number }>();

  constructor(
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.required = authRequired(config);
  }

  async authenticate(authorization: string | undefined): Promise<Caller> {
    if (!this.required) return TRUSTED_LOCAL;
    const presented = bearerToken(authorization);
    if (presented === undefined) throw new UnauthorizedError();
    const root = this.config.RAGLINE_ADMIN_KEY;
    if (root !== undefined && keysMatch(presented, root)) return TRUSTED_LOCAL;
    const parsed = parseApiKey(presented);
    if (!parsed) throw new UnauthorizedError('The API key is not valid.');
    const record = await this.lookUp(parsed.id);
    if (
      !record ||
      record.revokedAt !== undefined ||
      !secretMatches(parsed.secret, record.secretHash)
    ) {
      throw new UnauthorizedError('The API key is not valid (unknown or revoked).');
    }
    return {
      tenant: record.tenant,
      scopes: record.scopes,
      ...(record.libraries ? { libraries: record.libraries } : {}),
      principals: record.principals,
      unrestricted: record.scopes.includes('admin'),
      root: false,
      keyId: record.id,
    };
  }

  private async lookUp(id: string): Promise<ApiKeyRecord | undefined> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && now - cached.at < KEY_CACHE_MS) return cached.record;
    const record = await this.keys.find(id);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { record, at: now });
    return record;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
