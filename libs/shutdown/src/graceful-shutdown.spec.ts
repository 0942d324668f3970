import { EventEmitter } from 'node:events';
import { handleShutdownSignals, type ShutdownSequence } from './graceful-shutdown';

interface Line {
  level: 'log' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A signal source, an exit that records its code, and a logger that records its lines. */
function harness(sequence: ShutdownSequence, timeoutMs = 5000) {
  const source = new EventEmitter();
  const lines: Line[] = [];
  const codes: number[] = [];
  let exited: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const record = (level: Line['level']) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, message, fields });
  const handle = handleShutdownSignals(sequence, {
    role: 'test',
    timeoutMs,
    source,
    exit: (code) => {
      codes.push(code);
      exited(code);
    },
    logger: { log: record('log'), warn: record('warn'), error: record('error') },
  });
  return { source, lines, codes, exit, handle };
}

describe('handleShutdownSignals', () => {
  it('runs the sequence once on SIGTERM, logs each phase, then `shutdown: done` and exits 0', async () => {
    const t = harness(async (log) => {
      log('draining', { drainMs: 0 });
      log('closed http');
    });
    t.source.emit('SIGTERM', 'SIGTERM');
    expect(await t.exit).toBe(0);
    expect(t.lines.map((l) => l.message)).toEqual([
      'shutdown: draining',
      'shutdown: closed http',
      'shutdown: done',
    ]);
    expect(t.lines[0].fields).toMatchObject({
      stage: 'shutdown',
      role: 'test',
      signal: 'SIGTERM',
      phase: 'draining',
      drainMs: 0,
      elapsedMs: expect.any(Number),
    });
    t.handle.dispose();
  });

  it('exits at once on a second signal, with 128 + the signal number', async () => {
    let release: () => void = () => undefined;
    const t = harness(() => new Promise<void>((resolve) => (release = resolve)));
    t.source.emit('SIGINT', 'SIGINT');
    t.source.emit('SIGINT', 'SIGINT');
    expect(await t.exit).toBe(130);
    expect(t.lines.at(-1)).toMatchObject({
      level: 'warn',
      message: 'shutdown: second signal, exiting now',
    });
    // The sequence finishing later exits no second time.
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.codes).toEqual([130]);
    t.handle.dispose();
  });

  it('exits 1 when the sequence outlasts the bound', async () => {
    const t = harness(() => new Promise<void>(() => undefined), 50);
    t.source.emit('SIGTERM', 'SIGTERM');
    expect(await t.exit).toBe(1);
    expect(t.lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'shutdown: timed out after 50 ms, exiting with work unfinished',
      fields: { phase: 'timed out', timeoutMs: 50 },
    });
    t.handle.dispose();
  });

  it('exits 1 when the sequence fails, naming the error', async () => {
    const t = harness(async () => {
      throw new Error('store would not close');
    });
    t.source.emit('SIGTERM', 'SIGTERM');
    expect(await t.exit).toBe(1);
    expect(t.lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'shutdown: failed',
      fields: { error: 'Error: store would not close' },
    });
    t.handle.dispose();
  });

  it('ignores signals once disposed', () => {
    const t = harness(async () => undefined);
    t.handle.dispose();
    t.source.emit('SIGTERM', 'SIGTERM');
    expect(t.lines).toEqual([]);
  });
});
