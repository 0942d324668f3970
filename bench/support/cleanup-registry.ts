/**
 * Cleanup actions (child processes, temp dirs, Redis keys, the Postgres table) run once, in
 * reverse order, on normal exit, on an error and on SIGINT/SIGTERM, so an interrupted bench
 * leaves nothing behind.
 */
type Cleanup = () => Promise<void> | void;

const actions: { name: string; run: Cleanup }[] = [];
let running: Promise<void> | undefined;

export function onCleanup(name: string, run: Cleanup): () => void {
  const entry = { name, run };
  actions.push(entry);
  return () => {
    const at = actions.indexOf(entry);
    if (at >= 0) actions.splice(at, 1);
  };
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (actions.length > 0) {
      const action = actions.pop();
      if (!action) break;
      try {
        await action.run();
      } catch (error) {
        console.error(`cleanup ${action.name} failed:`, error);
      }
    }
  })();
  return running;
}

export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
}
