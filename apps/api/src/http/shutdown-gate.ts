import type { FastifyInstance } from 'fastify';
import { ErrorCode, RaglineError } from '@ragline/errors';
import type { Readiness } from '../health/readiness';

/**
 * The HTTP side of a graceful shutdown. Once draining, every response says `Connection: close`,
 * so keep-alive clients reconnect (through a load balancer that now sees /ready fail) and no idle
 * connection holds the close up. Once closing, a request that still arrives on an open connection
 * gets a 503 in the documented error shape with Retry-After, instead of Fastify's own body.
 */
export function registerShutdownGate(instance: FastifyInstance, readiness: Readiness): void {
  instance.addHook('onRequest', async (_request, reply) => {
    if (readiness.state !== 'closing') return;
    reply.header('connection', 'close');
    throw new RaglineError(
      ErrorCode.NotReady,
      'Not ready: shutting down; retry, another instance will answer.',
      { retryable: true, retryAfterSeconds: 1 },
    );
  });
  instance.addHook('onSend', async (_request, reply) => {
    if (readiness.state !== 'serving') reply.header('connection', 'close');
  });
}
