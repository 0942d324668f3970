import { Inject, Injectable } from '@nestjs/common';
import {
  LIBRARY_CATALOG,
  LibraryNotFoundError,
  hasScope,
  type Library,
  type LibraryCatalog,
} from '@ragline/catalog';
import { DEFAULT_LIBRARY, libraryNameSchema } from '@ragline/events';
import { READ_ALL, type ReadAccess } from '@ragline/vector-store';
import { ForbiddenError } from '@ragline/catalog';
import type { Caller } from '@ragline/catalog';
import { parseInput } from '../http/parse-input';

/**
 * Which library a request is about, and what its caller may read there. A library is looked up
 * in the caller's tenant only: another tenant's library is exactly as absent as a missing one.
 */
@Injectable()
export class LibraryAccess {
  constructor(@Inject(LIBRARY_CATALOG) private readonly catalog: LibraryCatalog) {}

  /**
   * The caller's library named `name` (the `default` library for the unscoped routes).
   * @throws 403 when the caller's key is restricted to other libraries, 404 when there is none.
   */
  async resolve(caller: Caller, name: string | undefined): Promise<Library> {
    const library = parseInput(libraryNameSchema, name ?? DEFAULT_LIBRARY, 'library');
    if (caller.libraries !== undefined && !caller.libraries.includes(library)) {
      throw new ForbiddenError(`This API key may not use library "${library}".`, 'library');
    }
    const found = await this.catalog.get({ tenant: caller.tenant, library });
    if (!found) throw new LibraryNotFoundError({ tenant: caller.tenant, library });
    return found;
  }

  /**
   * Who a query reads as: the principals the request names (keys with `query:on-behalf`, an
   * application backend answering for its own users), else the key's own principals; a trusted
   * caller (no authentication, or an `admin` key) that names none reads everything.
   */
  readAccess(caller: Caller, principals: readonly string[] | undefined): ReadAccess {
    if (principals !== undefined) {
      if (!caller.unrestricted && !hasScope(caller.scopes, 'query:on-behalf')) {
        throw new ForbiddenError(
          'Naming principals needs a key with the "query:on-behalf" scope.',
          'principals',
        );
      }
      return { principals };
    }
    return caller.unrestricted ? READ_ALL : { principals: caller.principals };
  }
}
