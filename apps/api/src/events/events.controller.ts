import { Controller, Get, Param } from '@nestjs/common';
import { z } from 'zod';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { DocumentRegistry } from '@ragline/registry';
import { parseInput } from '../http/parse-input';

const eventIdSchema = z.uuid('must be a UUID');

@Controller('v1/events')
export class EventsController {
  constructor(private readonly registry: DocumentRegistry) {}

  /** What became of one accepted change: queued, active, completed, failed or superseded. */
  @Get(':eventId')
  async get(@Param('eventId') eventId: string) {
    const id = parseInput(eventIdSchema, eventId, 'eventId');
    const event = await this.registry.getEvent(id);
    if (!event) {
      throw new RaglineError(
        ErrorCode.EventNotFound,
        `Event "${id}" is not known (or has expired).`,
        {
          field: 'eventId',
        },
      );
    }
    return {
      ...event,
      receivedAt: new Date(event.receivedAt).toISOString(),
      updatedAt: new Date(event.updatedAt).toISOString(),
    };
  }
}
