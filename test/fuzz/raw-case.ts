/**
 * Bytes for a raw socket: what inject() cannot send (malformed HTTP, no Host, oversized headers,
 * raw invalid UTF-8 and dot segments in the URL, CONNECT, lying Content-Length, endless chunks).
 */
export interface RawCase {
  category: string;
  method: string;
  url: string;
  bytes: Buffer;
  /** Statuses allowed when the server answers. */
  status: readonly number[];
  /** The issue names an answer here (item 6): closing the connection instead is a violation. */
  mustAnswer: boolean;
}

export const CRLF = '\r\n';

/** An HTTP/1.x request as bytes: request line, headers, blank line, body. */
export function http(
  method: string,
  target: string,
  headers: string[],
  body: Buffer | string = '',
  version = 'HTTP/1.1',
): Buffer {
  return Buffer.concat([
    Buffer.from(
      `${method} ${target} ${version}${CRLF}${headers.map((h) => h + CRLF).join('')}${CRLF}`,
      'latin1',
    ),
    Buffer.from(body),
  ]);
}

export function rawCase(
  category: string,
  method: string,
  url: string,
  bytes: Buffer,
  status: readonly number[],
  mustAnswer = true,
): RawCase {
  return { category, method, url, bytes, status, mustAnswer };
}

export const HOST = 'Host: 127.0.0.1';
/** The one document raw cases write (valid PUTs); every other raw request must store nothing. */
export const RAW_DOCUMENT_ID = 'raw-doc';
export const JSON_TYPE = 'Content-Type: application/json';
/** The body of every raw PUT. */
export const DOC = '{"text":"raw socket document"}';
