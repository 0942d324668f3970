/**
 * Serialises work on one mirror directory within this process: two fetches of one mirror never
 * run at once, whichever `GitMirror` instance started them. Across processes git's own lock files
 * do the job (see `GitMirror.fetch`).
 */
const tails = new Map<string, Promise<unknown>>();

/** Runs `task` after every task queued earlier under `key` has settled. */
export async function withMirrorLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    // The last one out forgets the key, so the map does not grow with every source ever synced.
    if (tails.get(key) === tail) tails.delete(key);
  }
}
