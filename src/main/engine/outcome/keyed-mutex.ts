const tails = new Map<string, Promise<void>>();

/**
 * Runs `task` once every earlier task queued under the same key has settled. Tasks under
 * different keys run side by side. Not reentrant: a task must not queue under its own key.
 */
export async function withKeyedMutex<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => released);
  tails.set(key, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    // Forget idle keys so that a long-lived process does not keep one entry per repository ever opened.
    if (tails.get(key) === tail) tails.delete(key);
  }
}
