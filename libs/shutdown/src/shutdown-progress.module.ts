import { BeforeApplicationShutdown, Logger, Module } from '@nestjs/common';

/**
 * Logs `shutdown: consumers closed` at the one moment it is true: Nest runs every
 * `onModuleDestroy` (where the job consumers close, waiting for their active jobs) before any
 * `beforeApplicationShutdown`, and closes stores and Redis only after, in `onApplicationShutdown`.
 * Imported by the processes that consume jobs (the worker, `npm start`).
 */
@Module({})
export class ShutdownProgressModule implements BeforeApplicationShutdown {
  private readonly logger = new Logger('shutdown');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(
      { stage: 'shutdown', phase: 'consumers closed', ...(signal ? { signal } : {}) },
      'shutdown: consumers closed',
    );
  }
}
