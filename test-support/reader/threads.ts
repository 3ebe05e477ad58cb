import { readdir } from 'node:fs/promises';

/** The threads this process has now (Linux): worker threads that end take theirs with them. */
export async function threadCount(): Promise<number> {
  return (await readdir('/proc/self/task')).length;
}

/** Waits until the process has at most `count` threads, or `timeoutMs` passed; returns the count. */
export async function threadsDownTo(count: number, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  let now = await threadCount();
  while (now > count && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = await threadCount();
  }
  return now;
}
