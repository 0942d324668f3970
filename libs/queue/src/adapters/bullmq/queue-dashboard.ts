import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { libraryKey, type LibraryRef } from '@ragline/events';
import type { SyncQueue } from '../../sync-queue.port';
import { BullMqSyncQueue } from './bullmq-sync-queue';

export interface QueueDashboardOptions {
  basePath: string;
  /** The libraries whose queues it shows, read on each visit (libraries come and go). */
  libraries: () => Promise<LibraryRef[]>;
  /**
   * Whether the caller may see every queue; when not, it has answered the request itself (the
   * board's scope has an error handler of its own, so refusals are not thrown).
   */
  authorize: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

/**
 * Bull Board on the sync queues (documents and sources of each library), at `basePath`, behind
 * `authorize` on every route it adds. Only the BullMQ adapter of the queue port has queues to show.
 */
export async function registerQueueDashboard(
  fastify: FastifyInstance,
  queue: SyncQueue,
  options: QueueDashboardOptions,
): Promise<void> {
  if (!(queue instanceof BullMqSyncQueue)) return;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(options.basePath);
  const board = createBullBoard({ queues: [], serverAdapter });
  const refresh = async () => {
    const adapters = (await options.libraries()).flatMap((library) =>
      queue.dashboardQueues(library).map(
        (q) =>
          new BullMQAdapter(q, {
            prefix: `${libraryKey(library)}/`,
            displayName: `${libraryKey(library)} · ${q.name}`,
          }),
      ),
    );
    board.replaceQueues(adapters);
  };
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (!(await options.authorize(request, reply))) return reply;
        await refresh();
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: options.basePath },
  );
}
