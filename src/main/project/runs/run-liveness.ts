import { hostname } from 'node:os';
import { join } from 'node:path';
import { readJsonObject } from './json-files';

/** The engine holds `.trace/run.lock` (`{pid, host}`) while a run goes on and removes it at the end. */
export const RUN_LOCK = join('.trace', 'run.lock');

/**
 * Whether a live process still holds the run. A lock from another host cannot be checked from
 * here and counts as held; a lock whose process is gone (killed, crashed) does not.
 */
export async function isRunHeld(runDir: string): Promise<boolean> {
  const lock = await readJsonObject(join(runDir, RUN_LOCK));
  if (!lock) return false;
  if (typeof lock.host === 'string' && lock.host !== hostname()) return true;
  if (typeof lock.pid !== 'number' || !Number.isInteger(lock.pid) || lock.pid <= 0) return false;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
