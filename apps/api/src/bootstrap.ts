import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { Config } from '@ragline/config';
import { ApiModule } from './api.module';
import { registerBodyParsers } from './http/body-parsers';
import { clientErrorHandler, refuseTunnels } from './http/connection-errors';
import { toErrorResponse } from './http/error-response';
import { HttpErrorFilter, sendError } from './http/http-error.filter';
import { registerRateLimit } from './http/rate-limit';
import { registerShutdownGate } from './http/shutdown-gate';
import { Readiness } from './health/readiness';
import { registerDashboard } from './http/queue-dashboard';
import { recordHttpMetrics } from './http/http-metrics';
import { METRICS, type Metrics } from '@ragline/metrics';
import { registerOpenApi } from './openapi/register-openapi';

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
    imports: [
      ApiModule.forRoot(config, options.extraModules?.length ? 'standalone' : 'api'),
      ...(options.extraModules ?? []),
    ],
  };
  const adapter = new FastifyAdapter({
    bodyLimit: config.MAX_BODY_BYTES,
    // Document ids may be 512 characters, more once URL-encoded; Fastify's default cap is 100.
    routerOptions: { maxParamLength: 2048 },
    // Slow or endless requests (headers dribbled, a huge declared chunk) are cut off, not held.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: Math.min(10_000, config.REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: 1000,
      maxHeaderSize: 16 * 1024,
      // Checked below instead, so the answer has the documented JSON shape.
      requireHostHeader: false,
    },
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) =>
      sendError(reply, toErrorResponse(error)),
    clientErrorHandler,
    // Graceful shutdown (see api-shutdown.ts): Fastify's defaults would reset the requests in
    // flight on close ('idle' closes every connection here) and answer late ones in its own shape.
    forceCloseConnections: false,
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    bufferLogs: true,
    // Our own parsers (JSON only; body-less requests accepted): see registerBodyParsers.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const instance = app.getHttpAdapter().getInstance();
  registerShutdownGate(instance, app.get(Readiness));
  registerBodyParsers(instance, config.MAX_BODY_BYTES);
  recordHttpMetrics(instance, app.get<Metrics>(METRICS));
  await registerRateLimit(app, config);
  await registerDashboard(app);
  await registerOpenApi(app);
  refuseTunnels(instance.server);
  instance.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new RaglineError(ErrorCode.BadRequest, 'An HTTP/1.1 request needs a Host header.', {
        field: 'host',
      });
    }
  });
  // Nest routes Fastify's errors (body parsers, hooks) through the same filter.
  app.useGlobalFilters(new HttpErrorFilter());
  // No enableShutdownHooks(): the entry points own SIGTERM (@ragline/shutdown), because Nest's
  // order would close the job consumers before the HTTP server, and without a bound.
  return app;
}
