import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type Config } from '@ragline/config';
import { IngestionModule } from '@ragline/ingestion';
import { loggerModule } from '@ragline/logging';
import { MetricsModule } from '@ragline/metrics';
import { WorkerMetricsServer } from './metrics-server.service';
import { ReindexWorkerModule } from '@ragline/reindex';
import { SourcesModule } from '@ragline/sources';
import { LibraryConsumers } from './library-consumers.service';
import { LibraryDeletionService } from './library-deletion.service';
import { StoreMaintenanceService } from './store-maintenance.service';

const workerProviders = [LibraryConsumers, LibraryDeletionService, StoreMaintenanceService];

/** The worker role: consumes every library's sync queue and keeps the libraries in sync. */
@Module({})
export class WorkerModule {
  /** Standalone worker process: brings its own config and logger. */
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config),
        MetricsModule.forRole('worker'),
        IngestionModule,
        SourcesModule,
        ReindexWorkerModule,
      ],
      providers: [...workerProviders, WorkerMetricsServer],
    };
  }

  /** Inside another app (the API in `npm start`), which provides config and logger. */
  static embedded(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [IngestionModule, SourcesModule, ReindexWorkerModule],
      providers: workerProviders,
    };
  }
}
