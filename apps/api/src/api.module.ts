import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type Config } from '@ragline/config';
import { IngestionModule } from '@ragline/ingestion';
import { QueueModule } from '@ragline/queue';
import { RetrievalService } from '@ragline/retrieval';
import { DocumentIntakeService } from './documents/document-intake.service';
import { DocumentsController } from './documents/documents.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { QueryController } from './query/query.controller';

/** The HTTP service: intake of document changes, their status, and queries. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            autoLogging: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
          },
        }),
        QueueModule,
        IngestionModule,
      ],
      controllers: [DocumentsController, EventsController, QueryController, HealthController],
      providers: [DocumentIntakeService, RetrievalService],
    };
  }
}
