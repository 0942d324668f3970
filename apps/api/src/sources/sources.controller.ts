import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { SourceService, type Source, type SyncRun } from '@ragline/sources';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '@ragline/catalog';
import { parseInput } from '../http/parse-input';
import { streamStates } from '../http/sse-writer';
import { LibraryAccess } from '../libraries/library-access';
import {
  createSourceBodySchema,
  patchSourceBodySchema,
  sourceIdSchema,
  syncIdSchema,
} from './sources.dto';

const FINAL: ReadonlyArray<SyncRun['status']> = ['completed', 'failed', 'needs-confirmation'];
const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

/** A library's document repositories and their syncs. */
@Controller('v1/libraries/:library/sources')
export class SourcesController {
  constructor(
    private readonly sources: SourceService,
    private readonly libraries: LibraryAccess,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  async create(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Body() body: unknown,
  ) {
    const { kind: _kind, ...input } = parseInput(createSourceBodySchema, body);
    const library = await this.libraries.resolve(caller, name);
    return this.sources.create(library, input);
  }

  @Get()
  @RequireScope('query', 'ingest')
  async list(@CurrentCaller() caller: Caller, @Param('library') name: string) {
    return { sources: await this.sources.list(await this.libraries.resolve(caller, name)) };
  }

  @Get(':id')
  @RequireScope('query', 'ingest')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    return this.sources.view(await this.source(caller, name, id));
  }

  @Patch(':id')
  @RequireScope('admin')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const patch = parseInput(patchSourceBodySchema, body);
    return this.sources.update(await this.source(caller, name, id), patch);
  }

  /** Asynchronous: 202; the source's documents are deleted (versioned tombstones) by a worker. */
  @Delete(':id')
  @HttpCode(202)
  @RequireScope('admin')
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    const source = await this.source(caller, name, id);
    await this.sources.remove(source);
    return { id: source.id, status: 'deleting' };
  }

  /** A sweep now: the head's listing against the library (the backstop for lost webhooks). */
  @Post(':id/sync')
  @HttpCode(202)
  @RequireScope('ingest')
  async sync(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    return this.sources.trigger(await this.source(caller, name, id), 'manual');
  }

  @Get(':id/syncs')
  @RequireScope('query', 'ingest')
  async runs(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
    @Query() query: unknown,
  ) {
    const { limit } = parseInput(listQuerySchema, query);
    return { syncs: await this.sources.listRuns(await this.source(caller, name, id), limit) };
  }

  @Get(':id/syncs/:syncId')
  @RequireScope('query', 'ingest')
  async run(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
    @Param('syncId') syncId: string,
  ) {
    const runId = parseInput(syncIdSchema, syncId, 'syncId');
    return this.sources.getRun(await this.source(caller, name, id), runId);
  }

  /** Applies a sweep the delete guard stopped. */
  @Post(':id/syncs/:syncId/confirm')
  @HttpCode(202)
  @RequireScope('admin')
  async confirm(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
    @Param('syncId') syncId: string,
  ) {
    const runId = parseInput(syncIdSchema, syncId, 'syncId');
    return this.sources.confirm(await this.source(caller, name, id), runId);
  }

  /** The run's progress as server-sent events (`sync`), until it is final. */
  @Get(':id/syncs/:syncId/events')
  @RequireScope('query', 'ingest')
  async events(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
    @Param('syncId') syncId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const runId = parseInput(syncIdSchema, syncId, 'syncId');
    const source = await this.source(caller, name, id);
    await streamStates(
      reply,
      'sync',
      () => this.sources.getRun(source, runId),
      (run) => FINAL.includes(run.status),
    );
  }

  private async source(caller: Caller, name: string, id: string): Promise<Source> {
    const sourceId = parseInput(sourceIdSchema, id, 'id');
    const library = await this.libraries.resolve(caller, name);
    return this.sources.get(library, sourceId);
  }
}
