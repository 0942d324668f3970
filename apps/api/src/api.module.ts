import { DynamicModule, Module } from '@nestjs/common';
import { CONFIG, ConfigModule, type Config } from '@ragline/config';
import { IngestionModule } from '@ragline/ingestion';
import { loggerModule } from '@ragline/logging';
import { QueueModule } from '@ragline/queue';
import { GeneratorsModule } from '@ragline/generators';
import { AugmentService, RERANKER, RetrievalService, createReranker } from '@ragline/retrieval';
import { AugmentController } from './augment/augment.controller';
import { DocumentIntakeService } from './documents/document-intake.service';
import { DocumentsController } from './documents/documents.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { QueryController } from './query/query.controller';
import { LibraryStatusService } from './status/library-status.service';
import { StatusController } from './status/status.controller';
import { WebController } from './web/web.controller';

/** The HTTP service: intake of document changes, their status, and queries. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, { logRequests: true }),
        QueueModule,
        IngestionModule,
        GeneratorsModule,
      ],
      controllers: [
        DocumentsController,
        EventsController,
        QueryController,
        AugmentController,
        StatusController,
        HealthController,
        WebController,
      ],
      providers: [
        DocumentIntakeService,
        RetrievalService,
        AugmentService,
        LibraryStatusService,
        { provide: RERANKER, inject: [CONFIG], useFactory: createReranker },
      ],
    };
  }
}
