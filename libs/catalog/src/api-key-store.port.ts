import type { LibraryRef } from '@ragline/events';
import type { ApiKeyRecord, ApiKeyView, Scope } from './api-key';

export interface NewApiKey {
  tenant: string;
  name?: string;
  scopes: Scope[];
  libraries?: string[];
  principals?: string[];
}

/** API keys, stored as hashes; the plain key exists only in the answer to `create`. */
export interface ApiKeyStore {
  create(input: NewApiKey): Promise<{ key: string; record: ApiKeyView }>;
  /** The stored record by id (revoked ones too: the caller checks `revokedAt`). */
  find(id: string): Promise<ApiKeyRecord | undefined>;
  /** Keys of one tenant, or of all tenants. */
  list(tenant?: string): Promise<ApiKeyView[]>;
  /** Revokes the key. @throws ApiKeyNotFoundError */
  revoke(id: string, tenant?: string): Promise<ApiKeyView>;
  /**
   * Takes a deleted library out of its tenant's keys' lists; a key left with no library is
   * revoked (an empty list must never widen to "every library").
   */
  removeLibrary(ref: LibraryRef): Promise<void>;
}

export const API_KEY_STORE = Symbol('API_KEY_STORE');
