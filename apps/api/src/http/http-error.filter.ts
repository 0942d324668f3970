import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { ERROR_STATUS } from './error-status';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/** Nest hands Fastify's routing and body-parser errors over as HttpExceptions: map them by status. */
const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
};

/**
 * Every error leaves the API as `{ error: { code, message, field? } }`: domain errors by their
 * code, framework errors by their status, anything unexpected as a logged 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, retryAfter } = this.toResponse(exception);
    if (retryAfter !== undefined) void reply.header('retry-after', String(Math.ceil(retryAfter)));
    void reply.status(status).send(body);
  }

  toResponse(exception: unknown): { status: number; body: ErrorBody; retryAfter?: number } {
    if (exception instanceof RaglineError) {
      const status = ERROR_STATUS[exception.code];
      if (status >= 500) this.logger.error(describeError(exception));
      const { code, message, field, details } = exception;
      return {
        status,
        retryAfter: exception.retryAfterSeconds,
        body: { error: { code, message, ...(field && { field }), ...(details && { details }) } },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        HTTP_STATUS_CODES[status] ??
        (status < 500 ? ErrorCode.ValidationFailed : ErrorCode.Internal);
      // 400/413/415 from the framework are about the request body (JSON syntax, size, media type).
      const field = [400, 413, 415].includes(status) ? 'body' : undefined;
      return {
        status,
        body: { error: { code, message: exception.message, ...(field && { field }) } },
      };
    }
    this.logger.error(
      describeError(exception),
      exception instanceof Error ? exception.stack : undefined,
    );
    return {
      status: 500,
      body: { error: { code: ErrorCode.Internal, message: 'Internal error' } },
    };
  }
}
