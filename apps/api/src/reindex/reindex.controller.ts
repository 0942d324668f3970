import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@ragline/catalog';
import { ReindexService, viewRun, type ReindexRun } from '@ragline/reindex';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { idempotencyKeySchema } from '../documents/documents.dto';
import { parseInput } from '../http/parse-input';
import { streamStates } from '../http/sse-writer';
import { LibraryAccess } from '../libraries/library-access';
import { listReindexQuerySchema, reindexIdSchema, startReindexBodySchema } from './reindex.dto';

const STREAM_POLL_MS = 500;
const FINAL: ReadonlyArray<ReindexRun['status']> = [
  'completed',
  'failed',
  'cancelled',
  'rolled-back',
];

/** A library's reindex runs: start, follow, and the decisions around the swap. */
@Controller('v1/libraries/:library/reindex')
export class ReindexController {
  constructor(
    private readonly reindex: ReindexService,
    private readonly libraries: LibraryAccess,
  ) {}

  /** Asynchronous: 202 with the run's id; a worker builds the new version. */
  @Post()
  @HttpCode(202)
  @RequireScope('admin')
  async start(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const request = parseInput(startReindexBodySchema, body ?? {});
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key');
    const library = await this.libraries.resolve(caller, name);
    const { run } = await this.reindex.start(library, request, key);
    return { reindexId: run.id, ...viewRun(run) };
  }

  @Get()
  @RequireScope('query', 'ingest')
  async list(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Query() query: unknown,
  ) {
    const { limit } = parseInput(listReindexQuerySchema, query);
    const library = await this.libraries.resolve(caller, name);
    return { runs: (await this.reindex.list(library, limit)).map((run) => viewRun(run)) };
  }

  @Get(':id')
  @RequireScope('query', 'ingest')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    const runId = parseInput(reindexIdSchema, id, 'id');
    return viewRun(await this.reindex.get(await this.libraries.resolve(caller, name), runId));
  }

  /** Stops the run before its swap; the live version is untouched, the partial one dropped. */
  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScope('admin')
  async cancel(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    const runId = parseInput(reindexIdSchema, id, 'id');
    return viewRun(await this.reindex.cancel(await this.libraries.resolve(caller, name), runId));
  }

  /** Makes a `ready` run's version live (manual swaps, and checks a person overrides). */
  @Post(':id/swap')
  @HttpCode(200)
  @RequireScope('admin')
  async swap(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    const runId = parseInput(reindexIdSchema, id, 'id');
    return viewRun(await this.reindex.swap(await this.libraries.resolve(caller, name), runId));
  }

  /** Goes back to the version a completed run replaced (kept while REINDEX_KEEP_VERSIONS=1). */
  @Post(':id/rollback')
  @HttpCode(200)
  @RequireScope('admin')
  async rollback(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
  ) {
    const runId = parseInput(reindexIdSchema, id, 'id');
    return viewRun(await this.reindex.rollback(await this.libraries.resolve(caller, name), runId));
  }

  /** The run's progress as server-sent events (`reindex`), until it is final. */
  @Get(':id/events')
  @RequireScope('query', 'ingest')
  async events(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const runId = parseInput(reindexIdSchema, id, 'id');
    const library = await this.libraries.resolve(caller, name);
    await streamStates(
      reply,
      'reindex',
      async () => viewRun(await this.reindex.get(library, runId)),
      (run) => FINAL.includes(run.status),
      STREAM_POLL_MS,
    );
  }
}
