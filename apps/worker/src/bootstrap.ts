import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { Config } from '@ragline/config';
import { ShutdownProgressModule } from '@ragline/shutdown';
import { WorkerModule } from './worker.module';

/**
 * Builds the worker as an application context (no HTTP server). Signals are the entry point's
 * (main.ts, with a bound), not Nest's shutdown hooks.
 */
export async function createWorkerApp(config: Config): Promise<INestApplicationContext> {
  const root: DynamicModule = {
    module: class RaglineWorkerRootModule {},
    imports: [WorkerModule.forRoot(config), ShutdownProgressModule],
  };
  const app = await NestFactory.createApplicationContext(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
