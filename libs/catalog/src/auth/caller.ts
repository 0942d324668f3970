import type { Scope } from '../api-key';

/** Who is calling, as the authentication layer established it; every handler acts for a caller. */
export interface Caller {
  tenant: string;
  scopes: readonly Scope[];
  /** Libraries the caller may use; undefined: every library of its tenant. */
  libraries?: readonly string[];
  /** Who the caller reads as (document permissions). */
  principals: readonly string[];
  /**
   * Trusted without principals of its own: authentication off, or an `admin` key. Such a caller
   * reads every document unless it names principals.
   */
  unrestricted: boolean;
  /** The bootstrap key: may manage every tenant's keys and libraries. */
  root: boolean;
  /** The key's id, for logs and rate limits; undefined when authentication is off. */
  keyId?: string;
}
