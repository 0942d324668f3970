import { Controller, Get } from '@nestjs/common';
import { AugmentService } from '@ragline/retrieval';
import { LibraryStatusService } from './library-status.service';

@Controller('v1/status')
export class StatusController {
  constructor(
    private readonly status: LibraryStatusService,
    private readonly augmentation: AugmentService,
  ) {}

  /** Document counts, last sync time, queue depth, and which optional features are on. */
  @Get()
  get() {
    return this.status.status(this.augmentation.templates.names());
  }
}
