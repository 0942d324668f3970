import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';

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

/**
 * A resource's state as server-sent events: `event` with the state now, then again on every
 * change (polled every `pollMs`), until `isFinal` or the client leaves. Reading the first state
 * before the stream opens lets a missing resource still answer its 404.
 */
export async function streamStates<T>(
  reply: FastifyReply,
  event: string,
  read: () => Promise<T>,
  isFinal: (state: T) => boolean,
  pollMs = 500,
): Promise<void> {
  let state = await read();
  reply.hijack();
  const sse = new SseWriter(reply.raw);
  sse.open();
  let open = true;
  reply.raw.on('close', () => (open = false));
  let last = JSON.stringify(state);
  sse.send(event, state);
  while (open && !isFinal(state)) {
    await sleep(pollMs);
    state = await read();
    const now = JSON.stringify(state);
    if (now !== last) sse.send(event, state);
    last = now;
  }
  sse.end();
}
