import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiKeyAuthenticator,
  ForbiddenError,
  LIBRARY_CATALOG,
  hasScope,
  type LibraryCatalog,
} from '@ragline/catalog';
import { SYNC_QUEUE, registerQueueDashboard, type SyncQueue } from '@ragline/queue';
import { toErrorResponse } from './error-response';
import { sendError } from './http-error.filter';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for `admin` keys. A browser cannot send a Bearer header, so the key
 * may also come as the password of HTTP Basic auth (the browser asks for it on the 401).
 */
export async function registerDashboard(app: NestFastifyApplication): Promise<void> {
  const authenticator = app.get(ApiKeyAuthenticator);
  const catalog = app.get<LibraryCatalog>(LIBRARY_CATALOG);
  await registerQueueDashboard(app.getHttpAdapter().getInstance(), app.get<SyncQueue>(SYNC_QUEUE), {
    basePath: QUEUE_DASHBOARD_PATH,
    libraries: async () => (await catalog.listAll()).filter((l) => l.status === 'active'),
    authorize: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const caller = await authenticator.authenticate(
          bearerOrBasic(request.headers.authorization),
        );
        if (hasScope(caller.scopes, 'admin')) return true;
        throw new ForbiddenError('The queue dashboard needs a key with the "admin" scope.');
      } catch (error) {
        // A browser asks for the key as a Basic password on this answer.
        void reply.header('www-authenticate', 'Basic realm="Ragline queues", charset="UTF-8"');
        sendError(reply, toErrorResponse(error));
        return false;
      }
    },
  });
}

function bearerOrBasic(header: string | undefined): string | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (basic === undefined) return header;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return `Bearer ${decoded.slice(decoded.indexOf(':') + 1)}`;
}
