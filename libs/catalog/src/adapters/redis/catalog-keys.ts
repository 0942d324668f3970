import { libraryKey, type LibraryRef } from '@ragline/events';

/** The catalog's keys share the `{catalog}` hash tag: one slot, so its scripts stay atomic on a cluster. */
export class CatalogKeys {
  readonly base: string;

  constructor(readonly prefix: string) {
    this.base = `${prefix}:{catalog}`;
  }

  library(ref: LibraryRef): string {
    return `${this.base}:library:${libraryKey(ref)}`;
  }
  /** Every library, as `tenant.library` members of a sorted set read in lexical order. */
  get libraries(): string {
    return `${this.base}:libraries`;
  }
  apiKey(id: string): string {
    return `${this.base}:key:${id}`;
  }
  /** Keys of one tenant (a set of ids). */
  tenantKeys(tenant: string): string {
    return `${this.base}:keys:${tenant}`;
  }
  /** Every key id. */
  get allKeys(): string {
    return `${this.base}:keys`;
  }
  /** Pub/sub channel of catalog changes: `<kind> <tenant.library>`. */
  get channel(): string {
    return `${this.prefix}:catalog-changes`;
  }
}
