import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { Config } from '@ragline/config';
import { ApiModule } from './api.module';
import { HttpErrorFilter } from './http/http-error.filter';

export interface ApiAppOptions {
  /** Extra modules to run in the same process (the worker, for `npm start`). */
  extraModules?: Array<Type | DynamicModule>;
}

/** Builds the API application (not yet listening): used by main.ts, the all-in-one entry and tests. */
export async function createApiApp(
  config: Config,
  options: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  const root: DynamicModule = {
    module: class RaglineRootModule {},
    imports: [ApiModule.forRoot(config), ...(options.extraModules ?? [])],
  };
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    // Document ids may be 512 characters, more once URL-encoded; Fastify's default cap is 100.
    new FastifyAdapter({
      bodyLimit: config.MAX_BODY_BYTES,
      routerOptions: { maxParamLength: 2048 },
    }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  // JSON only: a text/plain body gets 415 rather than being parsed as a string.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  return app;
}
