import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { LIBRARY_CATALOG, LibraryProvisioner, type LibraryCatalog } from '@ragline/catalog';
import { SYNC_QUEUE, type SyncQueue } from '@ragline/queue';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { ForbiddenError } from '@ragline/catalog';
import type { Caller } from '@ragline/catalog';
import { parseInput } from '../http/parse-input';
import { createLibraryBodySchema } from './libraries.dto';
import { LibraryAccess } from './library-access';
import { LibraryViewService } from './library-view.service';

/** Libraries as a resource: create, list, inspect (with counts), delete (asynchronously). */
@Controller('v1/libraries')
export class LibrariesController {
  constructor(
    private readonly provisioner: LibraryProvisioner,
    private readonly access: LibraryAccess,
    private readonly views: LibraryViewService,
    @Inject(LIBRARY_CATALOG) private readonly catalog: LibraryCatalog,
    @Inject(SYNC_QUEUE) private readonly queue: SyncQueue,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  async create(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    const { name, tenant, ...choices } = parseInput(createLibraryBodySchema, body);
    if (tenant !== undefined && tenant !== caller.tenant && !caller.root) {
      throw new ForbiddenError('Only the root key creates libraries of other tenants.', 'tenant');
    }
    if (caller.libraries !== undefined && !caller.libraries.includes(name)) {
      throw new ForbiddenError(`This API key may not use library "${name}".`, 'name');
    }
    const library = await this.provisioner.create(
      { tenant: tenant ?? caller.tenant, library: name },
      choices,
    );
    return this.views.detail(library);
  }

  @Get()
  @RequireScope('query', 'ingest')
  async list(@CurrentCaller() caller: Caller) {
    const libraries = (await this.catalog.list(caller.tenant)).filter(
      (library) => caller.libraries === undefined || caller.libraries.includes(library.library),
    );
    return { libraries: libraries.map((library) => this.views.summary(library)) };
  }

  @Get(':library')
  @RequireScope('query', 'ingest')
  async get(@CurrentCaller() caller: Caller, @Param('library') name: string) {
    return this.views.detail(await this.access.resolve(caller, name));
  }

  /** Asynchronous: 202 at once; documents, chunks, events and keys go, then the name is free. */
  @Delete(':library')
  @HttpCode(202)
  @RequireScope('admin')
  async remove(@CurrentCaller() caller: Caller, @Param('library') name: string) {
    const library = await this.access.resolve(caller, name);
    await this.catalog.markDeleting(library);
    await this.queue.scheduleLibraryDeletion(library);
    return { name: library.library, tenant: library.tenant, status: 'deleting' };
  }
}
