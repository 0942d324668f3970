import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '@ragline/errors';
import { ERROR_STATUS } from './error-status';

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a malformed request line,
 * oversized headers, a body that never finishes) still get the documented JSON error shape, and
 * the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [code, message] = describeClientError(error.code);
  writeError(socket, code, message);
}

function describeClientError(code: string | undefined): [ErrorCode, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [ErrorCode.HeadersTooLarge, 'The request headers are too large.'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [ErrorCode.RequestTimeout, 'The request was not received in time.'];
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return [ErrorCode.BadRequest, 'The Content-Length header is invalid.'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
    case 'HPE_INVALID_CHUNK_SIZE':
      return [ErrorCode.BadRequest, 'The chunked body is malformed.'];
    default:
      return [ErrorCode.BadRequest, 'The request is not well-formed HTTP/1.1.'];
  }
}

/**
 * CONNECT (proxy tunnels), protocol upgrades and unknown expectations are not served: say so in
 * the documented shape instead of hanging up or answering an empty body.
 */
export function refuseTunnels(server: Server): void {
  server.on('connect', (_request: IncomingMessage, socket: Duplex) =>
    writeError(socket, ErrorCode.MethodNotAllowed, 'CONNECT is not supported.'),
  );
  server.on('upgrade', (_request: IncomingMessage, socket: Duplex) =>
    writeError(socket, ErrorCode.BadRequest, 'Protocol upgrades are not supported.'),
  );
  // An `Expect` other than 100-continue: Node would answer an empty 417 itself.
  server.on('checkExpectation', (request: IncomingMessage) =>
    writeError(
      request.socket,
      ErrorCode.ExpectationFailed,
      'Only "Expect: 100-continue" is supported.',
    ),
  );
}

function writeError(socket: Duplex, code: ErrorCode, message: string): void {
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};
