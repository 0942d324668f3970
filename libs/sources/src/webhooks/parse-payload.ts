import type { z } from 'zod';
import { WebhookPayloadError } from './webhooks.errors';

/**
 * Parses a webhook body with a zod schema; the first problem becomes a `WebhookPayloadError`
 * naming the field (`after`, `repository.clone_url`) and the JSON type that came, never the value
 * (payloads are the sender's data and may be large).
 */
export function parsePayload<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
  throw new WebhookPayloadError(field, describeIssue(field, issue));
}

/**
 * Returns a required event header's value, or throws `WebhookPayloadError` naming the header when
 * it is missing or does not match `pattern` (the value is not echoed).
 */
export function requireHeader(name: string, value: string | undefined, pattern: RegExp): string {
  if (value === undefined || value === '') {
    throw new WebhookPayloadError(name, `${name} header is required`);
  }
  if (!pattern.test(value)) throw new WebhookPayloadError(name, `${name} header is malformed`);
  return value;
}

function describeIssue(field: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined
      ? `${field} is required (${issue.expected})`
      : `${field}: expected ${issue.expected}, got ${jsonType(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `${field}: must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
  }
  return `${field}: ${issue.message}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
