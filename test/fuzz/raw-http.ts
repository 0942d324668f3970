import { connect } from 'node:net';
import type { ObservedResponse } from './response-oracle';

/** What came back on a raw socket for bytes written to it. */
export type RawOutcome =
  | { kind: 'response'; response: ObservedResponse; ms: number }
  /** The server closed the connection (FIN) without a complete response. */
  | { kind: 'closed'; ms: number; partial: string }
  /** The connection was reset (RST) before a complete response. */
  | { kind: 'reset'; ms: number; partial: string; error: string }
  /** Neither an answer nor a close within the bound. */
  | { kind: 'held'; ms: number; partial: string };

/**
 * Writes raw bytes to the server and waits, with the socket held open as a real client's is, for
 * one complete HTTP response (interim 1xx skipped), a close, a reset, or the bound. Node has no
 * public parser for responses on a raw socket, so parseResponse below reads the little HTTP/1.1
 * needed: status line, headers, a Content-Length or chunked body.
 */
export function sendRaw(
  port: number,
  bytes: Buffer,
  boundMs: number,
  head = false,
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let received = Buffer.alloc(0);
    let settled = false;
    const socket = connect({ port, host: '127.0.0.1' });
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ kind: 'held', ms: ms(), partial: printable(received) }),
      boundMs,
    );
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received, head, false);
      if (parsed) finish({ kind: 'response', response: parsed, ms: ms() });
    });
    socket.on('end', () => {
      const parsed = parseResponse(received, head, true);
      finish(
        parsed
          ? { kind: 'response', response: parsed, ms: ms() }
          : { kind: 'closed', ms: ms(), partial: printable(received) },
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const parsed = parseResponse(received, head, true);
      finish(
        parsed
          ? { kind: 'response', response: parsed, ms: ms() }
          : {
              kind: 'reset',
              ms: ms(),
              partial: printable(received),
              error: error.code ?? error.message,
            },
      );
    });
    socket.on('close', () => {
      const parsed = parseResponse(received, head, true);
      finish(
        parsed
          ? { kind: 'response', response: parsed, ms: ms() }
          : { kind: 'closed', ms: ms(), partial: printable(received) },
      );
    });
  });
}

/**
 * The first complete non-1xx response in `data`, or undefined if it is not complete yet. With
 * `ended`, a body without a length runs to the end of the data.
 */
export function parseResponse(
  data: Buffer,
  head: boolean,
  ended: boolean,
): ObservedResponse | undefined {
  let offset = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end < 0) return undefined;
    const lines = data.subarray(offset, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!status) return undefined;
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const code = Number(status[1]);
    const bodyStart = end + 4;
    if (code >= 100 && code < 200) {
      offset = bodyStart;
      continue;
    }
    const body = readBody(
      data.subarray(bodyStart),
      headers,
      head || code === 204 || code === 304,
      ended,
    );
    return body === undefined ? undefined : { status: code, headers, body: body.toString('utf8') };
  }
}

function readBody(
  rest: Buffer,
  headers: Record<string, string>,
  none: boolean,
  ended: boolean,
): Buffer | undefined {
  if (none) return Buffer.alloc(0);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return readChunked(rest);
  const length = headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    return rest.length >= n ? rest.subarray(0, n) : undefined;
  }
  return ended ? rest : undefined;
}

function readChunked(rest: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(rest.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (rest.length < start + size + 2) return undefined;
    parts.push(rest.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** Received bytes for a report: latin1, control characters escaped, shortened. */
export function printable(data: Buffer, max = 200): string {
  const text = data.subarray(0, max).toString('latin1');
  return JSON.stringify(text) + (data.length > max ? `… (${data.length} bytes)` : '');
}
