import type { FastifyInstance } from 'fastify';
import type { Metrics } from '@ragline/metrics';

/**
 * Every answered request, by method, route template (`/v1/libraries/:library/query`, never the
 * filled-in path: bounded labels) and status, with its time.
 */
export function recordHttpMetrics(instance: FastifyInstance, metrics: Metrics): void {
  instance.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
