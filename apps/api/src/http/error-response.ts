import { HttpException } from '@nestjs/common';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { DEFAULT_RETRY_AFTER_SECONDS, ERROR_STATUS, PUBLIC_MESSAGES } from './error-status';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Seconds, for a `Retry-After` header (every 503 and 429 carries one). */
  retryAfter?: number;
  /** Whether the error is ours to fix, not the client's: it is logged. */
  internal: boolean;
}

interface FrameworkError {
  code: ErrorCode;
  message: string;
  field?: string;
}

const TOO_LARGE: FrameworkError = {
  code: ErrorCode.PayloadTooLarge,
  message: 'The request body is larger than the limit (MAX_BODY_BYTES).',
  field: 'body',
};
const NOT_JSON: FrameworkError = {
  code: ErrorCode.UnsupportedMediaType,
  message: 'Unsupported content type: send the body as application/json.',
  field: 'content-type',
};
const MALFORMED: FrameworkError = {
  code: ErrorCode.BadRequest,
  message: 'The request is malformed: its Content-Length, framing or headers are invalid.',
};

/**
 * Fastify's own errors (routing, body reading) by their stable `code`, with messages of ours: the
 * framework's texts name its internals (`FST_ERR_…`) and are not part of Ragline's contract.
 */
const FASTIFY_ERRORS: Record<string, FrameworkError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: NOT_JSON,
  FST_ERR_CTP_INVALID_TYPE: NOT_JSON,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: MALFORMED,
  FST_ERR_BAD_URL: {
    code: ErrorCode.ValidationFailed,
    message: 'The URL is not validly percent-encoded (a "%" must start a %XX escape of UTF-8).',
    field: 'url',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: ErrorCode.UriTooLong,
    message: 'A path parameter is longer than 2048 characters.',
    field: 'url',
  },
};

/** The same, by status, for framework errors that reach us as HttpExceptions (Nest wraps them). */
const HTTP_STATUS_ERRORS: Record<number, FrameworkError> = {
  400: MALFORMED,
  405: { code: ErrorCode.MethodNotAllowed, message: 'This method is not supported here.' },
  408: { code: ErrorCode.RequestTimeout, message: 'The request was not received in time.' },
  413: TOO_LARGE,
  414: FASTIFY_ERRORS.FST_ERR_MAX_PARAM_LENGTH,
  415: NOT_JSON,
  431: { code: ErrorCode.HeadersTooLarge, message: 'The request headers are too large.' },
};

/**
 * Anything thrown while serving a request → the one documented error shape
 * `{ error: { code, message, field? } }` and its status. Domain errors keep their message unless it
 * comes from a dependency (PUBLIC_MESSAGES); unknown errors become a bare 500.
 */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof RaglineError) return fromRaglineError(exception);
  const known = FASTIFY_ERRORS[fastifyCode(exception) ?? ''] ?? frameworkByStatus(exception);
  if (known) {
    const { code, message, field } = known;
    return withRetryAfter(ERROR_STATUS[code], false, {
      error: { code, message, ...(field && { field }) },
    });
  }
  return withRetryAfter(500, true, {
    error: { code: ErrorCode.Internal, message: PUBLIC_MESSAGES[ErrorCode.Internal] ?? '' },
  });
}

function fromRaglineError(error: RaglineError): ErrorResponse {
  const status = ERROR_STATUS[error.code];
  const message = PUBLIC_MESSAGES[error.code] ?? error.message;
  const { code, field, details } = error;
  const body: ErrorBody = {
    error: { code, message, ...(field && { field }), ...(details && { details }) },
  };
  return withRetryAfter(status, status >= 500, body, error.retryAfterSeconds);
}

function withRetryAfter(
  status: number,
  internal: boolean,
  body: ErrorBody,
  retryAfter?: number,
): ErrorResponse {
  const needsRetryAfter = status === 503 || status === 429;
  return {
    status,
    body,
    internal,
    retryAfter:
      retryAfter !== undefined
        ? Math.max(1, Math.ceil(retryAfter))
        : needsRetryAfter
          ? DEFAULT_RETRY_AFTER_SECONDS
          : undefined,
  };
}

/** Nest's router 404 ("Cannot GET /x") names only what the client sent: it is kept. */
function frameworkByStatus(exception: unknown): FrameworkError | undefined {
  const status = httpStatus(exception);
  if (status === undefined || status >= 500) return undefined;
  if (status === 404) {
    const message = exception instanceof HttpException ? exception.message : 'Not found.';
    return { code: ErrorCode.NotFound, message };
  }
  return (
    HTTP_STATUS_ERRORS[status] ?? {
      ...MALFORMED,
      message: `The request was refused (HTTP ${status}).`,
    }
  );
}

function fastifyCode(exception: unknown): string | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const code = (exception as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
}

function httpStatus(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}
