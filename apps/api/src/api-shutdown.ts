import { setTimeout as delay } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '@ragline/config';
import type { ShutdownSequence } from '@ragline/shutdown';
import { Readiness } from './health/readiness';

/** While the HTTP server closes, connections that went idle since are closed this often. */
const IDLE_SWEEP_MS = 100;

/**
 * The API's graceful shutdown, in order: /ready turns 503 and requests are still served for
 * SHUTDOWN_DRAIN_MS (load balancers need a few probes to see it); then new requests are refused,
 * the server stops accepting connections and waits for the requests in flight; then Nest closes
 * the rest: job consumers, if this process runs them (`npm start`), and after them the stores and
 * Redis, which those requests and jobs still needed.
 */
export function apiShutdown(app: NestFastifyApplication, config: Config): ShutdownSequence {
  return async (log) => {
    const readiness = app.get(Readiness);
    readiness.drain();
    log('draining', { drainMs: config.SHUTDOWN_DRAIN_MS });
    // The drain window is the point: time for load balancers to notice, not a wait for a state.
    await delay(config.SHUTDOWN_DRAIN_MS);
    readiness.close();
    const server = app.getHttpServer();
    // A request that was in flight when closing began leaves its connection idle when it ends.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    try {
      await app.getHttpAdapter().close();
    } finally {
      clearInterval(sweep);
    }
    log('closed http');
    await app.close();
  };
}
