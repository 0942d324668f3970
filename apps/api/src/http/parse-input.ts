import type { z } from 'zod';
import { ErrorCode, RaglineError } from '@ragline/errors';

/**
 * Parses request input with a zod schema; the first problem becomes a 400 naming the field
 * (`text`, `metadata.lang`, `id`) and saying what was expected and what came, so a client sees
 * what to fix. Values are never echoed: only their JSON types.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  root?: string,
): z.output<T> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    const field = [...path, issue.keys[0]].join('.');
    throw new RaglineError(
      ErrorCode.ValidationFailed,
      `${field}: unknown field${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}`,
      { field },
    );
  }
  const field = path.length === 0 ? 'body' : path.join('.');
  throw new RaglineError(ErrorCode.ValidationFailed, describeIssue(field, issue), { field });
}

function describeIssue(field: string, issue: z.core.$ZodIssue): string {
  const received = jsonType(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) {
        return field === 'body'
          ? `body is required: send a JSON ${issue.expected}`
          : `${field} is required (${issue.expected})`;
      }
      return `${field}: expected ${issue.expected}, got ${received}`;
    case 'invalid_union':
      return describeUnion(field, issue.errors, received);
    case 'invalid_value': {
      const got =
        typeof issue.input === 'string' ? JSON.stringify(issue.input.slice(0, 40)) : received;
      return `${field}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${got})`;
    }
    default:
      return `${field}: ${issue.message}`;
  }
}

/**
 * A union fails as a whole; say why in the client's terms: the one branch that got the right type
 * but a wrong value speaks for itself, else list the types that would have been accepted.
 */
function describeUnion(field: string, branches: z.core.$ZodIssue[][], received: string): string {
  const typeMismatch = (issues: z.core.$ZodIssue[]) =>
    issues.length === 1 && issues[0].code === 'invalid_type' && issues[0].path.length === 0;
  const closest = branches.find((issues) => issues.length > 0 && !typeMismatch(issues));
  if (closest) {
    const inner = closest[0];
    const subPath = inner.path.map(String).join('.');
    return describeIssue(subPath === '' ? field : `${field}.${subPath}`, inner);
  }
  const expected = branches.flatMap((issues) =>
    issues[0]?.code === 'invalid_type' ? [issues[0].expected] : [],
  );
  return `${field}: expected ${[...new Set(expected)].join(' or ')}, got ${received}`;
}

/** The JSON type of a parsed value, as a client would name it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return typeof value === 'object' ? 'object' : typeof value;
}
