import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { EVENT_WAITER, type EventWaiter } from '@ragline/registry';
import { RetrievalService } from '@ragline/retrieval';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '@ragline/catalog';
import { QUERY_LOG, type QueryLog } from '@ragline/reindex';
import { parseInput } from '../http/parse-input';
import { LibraryAccess } from '../libraries/library-access';
import { queryBodySchema } from './query.dto';

/** Retrieval from a library; `/v1/query` queries the `default` library. */
@Controller(['v1/libraries/:library/query', 'v1/query'])
export class QueryController {
  constructor(
    private readonly retrieval: RetrievalService,
    private readonly libraries: LibraryAccess,
    @Inject(EVENT_WAITER) private readonly events: EventWaiter,
    @Inject(QUERY_LOG) private readonly queries: QueryLog,
  ) {}

  /** The nearest passages the caller may read, best first; neighbouring chunks come back joined. */
  @Post()
  @HttpCode(200)
  @RequireScope('query')
  async query(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Body() body: unknown,
  ) {
    const started = performance.now();
    const request = parseInput(queryBodySchema, body);
    this.retrieval.assertSupported(request);
    const library = await this.libraries.resolve(caller, name);
    const access = this.libraries.readAccess(caller, request.principals);
    if (request.consistency) {
      await this.events.waitForEvents(
        library,
        request.consistency.afterEvents,
        request.consistency.timeoutMs,
      );
    }
    const results = await this.retrieval.retrieve(library, request, access);
    await this.queries.record(library, request.query);
    return {
      results: results.map((hit) => ({
        documentId: hit.documentId,
        chunkId: hit.chunkId,
        chunkIds: hit.chunkIds,
        chunkIndex: hit.chunkIndex,
        text: hit.text,
        score: hit.score,
        ...(hit.title === undefined ? {} : { title: hit.title }),
        ...(hit.context === undefined ? {} : { section: hit.context }),
        metadata: hit.metadata,
      })),
      libraryVersion: library.version,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }
}
