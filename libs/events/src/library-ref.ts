import { z } from 'zod';

/** Tenant and library names: lowercase letters, digits and `-`, starting with a letter or digit. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const nameMessage = 'must be 1-63 lowercase letters, digits or -, starting with a letter or digit';

export const tenantNameSchema = z.string().regex(NAME_PATTERN, nameMessage);
export const libraryNameSchema = z.string().regex(NAME_PATTERN, nameMessage);

/** The tenant and library that exist from the first start (the round-1 routes are theirs). */
export const DEFAULT_TENANT = 'default';
export const DEFAULT_LIBRARY = 'default';

/** One library of one tenant: the unit of isolation for documents, events, queues and chunks. */
export interface LibraryRef {
  tenant: string;
  library: string;
}

/** `tenant.library`: unambiguous, since `.` occurs in neither name. Used in keys and messages. */
export function libraryKey(ref: LibraryRef): string {
  return `${ref.tenant}.${ref.library}`;
}

export function parseLibraryKey(key: string): LibraryRef | undefined {
  const [tenant, library, extra] = key.split('.');
  if (extra !== undefined || !NAME_PATTERN.test(tenant ?? '') || !NAME_PATTERN.test(library ?? ''))
    return undefined;
  return { tenant, library };
}

/** The store's name for a library: the tenant is part of it, so collections never mix tenants. */
export function storeLibraryName(ref: LibraryRef): string {
  return `${ref.tenant}__${ref.library}`;
}
