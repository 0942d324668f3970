import { ErrorCode, RaglineError } from '@ragline/errors';

export class UnauthorizedError extends RaglineError {
  constructor(message = 'An API key is required: send "Authorization: Bearer <key>".') {
    super(ErrorCode.Unauthorized, message, { field: 'authorization' });
  }
}

export class ForbiddenError extends RaglineError {
  constructor(message: string, field?: string) {
    super(ErrorCode.Forbidden, message, field === undefined ? {} : { field });
  }
}
