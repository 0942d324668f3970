import { z } from 'zod';

/**
 * Document ids: 1-512 characters from a safe set that survives URLs, Redis keys, and store filters:
 * letters, digits and `. _ - : @ / ~ + %`, starting with a letter or digit. Paths such as
 * `docs/intro.md` are fine (URL-encode the `/` as %2F, and a `%` as %25, in the path). Source
 * documents are `<sourceId>:<path>`, with any other character of the path percent-encoded.
 */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/~+%-]{0,511}$/;

export const documentIdSchema = z
  .string()
  .regex(
    DOCUMENT_ID_PATTERN,
    'must be 1-512 characters of letters, digits and . _ - : @ / ~ + %, starting with a letter or digit',
  );
