import { DOCUMENT_ID_PATTERN } from '@ragline/events';

/** Characters a document id may hold besides `%`: the rest of a path is percent-encoded. */
const SAFE = /[A-Za-z0-9._:@/~+-]/;

/**
 * The document id of a source's file: `<sourceId>:<path>`, with every character of the path
 * outside the id's safe set (spaces, non-ASCII letters, `%` itself) percent-encoded as UTF-8, so
 * every path maps to one id and back. Undefined when the result exceeds the id's 512 characters.
 */
export function sourceDocumentId(sourceId: string, path: string): string | undefined {
  let encoded = '';
  for (const char of path) {
    encoded += SAFE.test(char) ? char : encodeURIComponent(char).replace(/[!'()*]/g, hex);
  }
  const id = `${sourceId}:${encoded}`;
  return DOCUMENT_ID_PATTERN.test(id) ? id : undefined;
}

function hex(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}
