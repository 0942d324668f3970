import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { QueueName } from '@ragline/events';
import { QueueErrorLogger } from './queue-error-logger';
import { bullConnectionOptions } from './redis-connections';

/** BullMQ on the configured Redis, under RAGLINE_QUEUE_PREFIX, with the documents queue registered. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: Config) => ({
        connection: bullConnectionOptions(config.REDIS_URL, 'producer'),
        prefix: config.RAGLINE_QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: QueueName.Documents }),
  ],
  providers: [QueueErrorLogger],
  exports: [BullModule],
})
export class QueueModule {}
