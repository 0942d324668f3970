import { Controller, Get, Inject, Param } from '@nestjs/common';
import { z } from 'zod';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { DOCUMENT_REGISTRY, type DocumentRegistry } from '@ragline/registry';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '@ragline/catalog';
import { parseInput } from '../http/parse-input';
import { LibraryAccess } from '../libraries/library-access';

const eventIdSchema = z.uuid('must be a UUID');

/** What became of accepted changes; `/v1/events` is the `default` library's. */
@Controller(['v1/libraries/:library/events', 'v1/events'])
export class EventsController {
  constructor(
    private readonly libraries: LibraryAccess,
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
  ) {}

  /** What became of one accepted change: queued, active, completed, failed or superseded. */
  @Get(':eventId')
  @RequireScope('ingest', 'query')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Param('eventId') eventId: string,
  ) {
    const id = parseInput(eventIdSchema, eventId, 'eventId');
    const library = await this.libraries.resolve(caller, name);
    const event = await this.registry.getEvent(library, id);
    if (!event) {
      throw new RaglineError(
        ErrorCode.EventNotFound,
        `Event "${id}" is not known (or has expired).`,
        { field: 'eventId' },
      );
    }
    return {
      ...event,
      receivedAt: new Date(event.receivedAt).toISOString(),
      updatedAt: new Date(event.updatedAt).toISOString(),
    };
  }
}
