import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { EventWaiter } from '@ragline/registry';
import { RetrievalService } from '@ragline/retrieval';
import { parseInput } from '../http/parse-input';
import { queryBodySchema } from './query.dto';

@Controller('v1/query')
export class QueryController {
  constructor(
    private readonly retrieval: RetrievalService,
    private readonly events: EventWaiter,
  ) {}

  /** The nearest passages to the query, best first; neighbouring chunks come back joined. */
  @Post()
  @HttpCode(200)
  async query(@Body() body: unknown) {
    const started = performance.now();
    const request = parseInput(queryBodySchema, body);
    this.retrieval.assertSupported(request);
    if (request.consistency) {
      await this.events.waitForEvents(
        request.consistency.afterEvents,
        request.consistency.timeoutMs,
      );
    }
    const results = await this.retrieval.retrieve(request);
    return {
      results: results.map((hit) => ({
        documentId: hit.documentId,
        chunkId: hit.chunkId,
        chunkIds: hit.chunkIds,
        chunkIndex: hit.chunkIndex,
        text: hit.text,
        score: hit.score,
        ...(hit.title === undefined ? {} : { title: hit.title }),
        metadata: hit.metadata,
      })),
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }
}
