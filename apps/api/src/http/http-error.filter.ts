import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { describeError } from '@ragline/errors';
import { toErrorResponse, type ErrorResponse } from './error-response';

export type { ErrorBody } from './error-response';

/**
 * Every error leaves the API as `{ error: { code, message, field? } }` (see toErrorResponse);
 * errors that are ours, not the client's, are logged here, once, without request data.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    sendError(host.switchToHttp().getResponse<FastifyReply>(), this.toResponse(exception));
  }

  toResponse(exception: unknown): ErrorResponse {
    const response = toErrorResponse(exception);
    if (response.internal) {
      this.logger.error(
        { code: response.body.error.code, error: describeError(exception) },
        'request failed',
      );
    }
    return response;
  }
}

export function sendError(reply: FastifyReply, response: ErrorResponse): void {
  // RFC 6750: a 401 names the scheme (the queue dashboard sets Basic itself).
  if (response.status === 401 && !reply.hasHeader('www-authenticate')) {
    void reply.header('www-authenticate', 'Bearer realm="ragline"');
  }
  if (response.retryAfter !== undefined)
    void reply.header('retry-after', String(response.retryAfter));
  void reply
    .status(response.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(response.body);
}
