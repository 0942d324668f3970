import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, RaglineError, describeError } from '@ragline/errors';
import { ERROR_STATUS } from './error-status';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/** Fastify's own parser errors, by their stable codes. */
const FASTIFY_ERRORS: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: ErrorCode.PayloadTooLarge },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: ErrorCode.UnsupportedMediaType },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: ErrorCode.ValidationFailed },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: ErrorCode.ValidationFailed },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: ErrorCode.ValidationFailed },
};

/**
 * Every error leaves the API as `{ error: { code, message, field? } }`: domain errors by their
 * code, Fastify's body errors by theirs, anything unexpected as a logged 500 without internals.
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
      return {
        status,
        retryAfter: exception.retryAfterSeconds,
        body: {
          error: {
            code: exception.code,
            message: exception.message,
            ...(exception.field === undefined ? {} : { field: exception.field }),
            ...(exception.details === undefined ? {} : { details: exception.details }),
          },
        },
      };
    }
    const fastifyCode = (exception as { code?: unknown } | null)?.code;
    if (typeof fastifyCode === 'string' && FASTIFY_ERRORS[fastifyCode]) {
      const { status, code } = FASTIFY_ERRORS[fastifyCode];
      const message = exception instanceof Error ? exception.message : 'Bad request body';
      return { status, body: { error: { code, message, field: 'body' } } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404
          ? ErrorCode.NotFound
          : status < 500
            ? ErrorCode.ValidationFailed
            : ErrorCode.Internal;
      return { status, body: { error: { code, message: exception.message } } };
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
