import type { z } from 'zod';
import { ErrorCode, RaglineError } from '@ragline/errors';

/**
 * Parses request input with a zod schema; the first problem becomes a 400 naming the field
 * (`text`, `metadata.lang`, `id`), so a client sees what to fix.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  root?: string,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)]
    .filter((part) => part !== undefined && part !== '')
    .join('.');
  const field = path === '' ? 'body' : path;
  const message =
    issue.code === 'invalid_type' && issue.input === undefined
      ? `${field} is required`
      : `${field}: ${issue.message}`;
  throw new RaglineError(ErrorCode.ValidationFailed, message, { field });
}
