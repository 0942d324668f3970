import { withMirrorLock } from './mirror-lock';

describe('withMirrorLock', () => {
  it('runs tasks of one key one at a time, in order, past failures', async () => {
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };

    const results = await Promise.allSettled([
      withMirrorLock('/m', task('a')),
      withMirrorLock('/m', task('b', true)),
      withMirrorLock('/m', task('c')),
    ]);

    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets different keys run side by side', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withMirrorLock('/one', async () => {
      log.push('one started');
      await held;
    });
    await withMirrorLock('/two', async () => {
      log.push('two ran');
    });
    release();
    await first;
    expect(log).toEqual(['one started', 'two ran']);
  });
});
