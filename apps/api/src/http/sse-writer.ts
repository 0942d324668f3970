import type { ServerResponse } from 'node:http';

/**
 * Server-sent events on a raw Node response (after Fastify's reply.hijack()): `event: <name>` and
 * one `data:` line of JSON per event. Writes after the client left are dropped.
 */
export class SseWriter {
  constructor(private readonly raw: ServerResponse) {}

  open(): void {
    this.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
  }

  send(event: string, data: unknown): void {
    if (this.raw.writableEnded || this.raw.destroyed) return;
    // JSON.stringify never emits a raw newline, so one data line per event is safe.
    this.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (!this.raw.writableEnded) this.raw.end();
  }
}
