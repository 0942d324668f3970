import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { describeError } from '@ragline/errors';
import { QueueName } from '@ragline/events';

/** During an outage BullMQ reports every failed reconnect: one log line per this interval is enough. */
const REPORT_EVERY_MS = 10_000;

/**
 * A BullMQ Queue with no 'error' listener prints raw stack dumps to stderr on every failed
 * reconnect; with this one, failures are JSON log lines, at most one per REPORT_EVERY_MS.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('queue');
  private lastReport = 0;
  private suppressed = 0;

  constructor(@InjectQueue(QueueName.Documents) private readonly queue: Queue) {}

  onModuleInit(): void {
    this.queue.on('error', (error: Error) => {
      const now = Date.now();
      if (now - this.lastReport < REPORT_EVERY_MS) {
        this.suppressed++;
        return;
      }
      this.logger.warn(
        { stage: 'queue', error: describeError(error), suppressed: this.suppressed },
        'queue connection failing',
      );
      this.lastReport = now;
      this.suppressed = 0;
    });
  }
}
