import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type Config } from '@ragline/config';
import { IngestionModule } from '@ragline/ingestion';
import { loggerModule } from '@ragline/logging';
import { QueueModule } from '@ragline/queue';
import { DocumentSyncWorker } from './document-sync.worker';
import { PendingRecoveryService } from './pending-recovery.service';
import { StoreMaintenanceService } from './store-maintenance.service';

/** The worker role: consumes the documents queue and keeps the library in sync. */
@Module({})
export class WorkerModule {
  /** Standalone worker process: brings its own config and logger. */
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), loggerModule(config), QueueModule, IngestionModule],
      providers: [DocumentSyncWorker, StoreMaintenanceService, PendingRecoveryService],
    };
  }

  /** Inside another app (the API in `npm start`), which provides config and logger. */
  static embedded(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [QueueModule, IngestionModule],
      providers: [DocumentSyncWorker, StoreMaintenanceService, PendingRecoveryService],
    };
  }
}
