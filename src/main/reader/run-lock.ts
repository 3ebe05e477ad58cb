import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export type RunLockState =
  | { kind: 'none' }
  | { kind: 'alive'; pid: number; host: string }
  | { kind: 'dead'; pid: number; host: string }
  | { kind: 'other_host'; pid: number; host: string }
  | { kind: 'unreadable'; message: string };

/**
 * Whether the process that wrote `.trace/run.lock` (`{pid, host}`) still holds the run. A pid
 * on another host cannot be checked from here. On Linux a pid that was reused by a process started
 * after the lock was written counts as dead.
 */
export async function readRunLock(runDir: string): Promise<RunLockState> {
  const path = join(runDir, '.trace', 'run.lock');
  let text: string;
  let writtenMs: number;
  try {
    [text, writtenMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((info) => info.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', message: `.trace/run.lock could not be read: ${(error as Error).message}` };
  }
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', message: '.trace/run.lock is not valid JSON' };
  }
  const { pid, host } = (lock ?? {}) as { pid?: unknown; host?: unknown };
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || typeof host !== 'string') {
    return { kind: 'unreadable', message: '.trace/run.lock does not hold {pid, host}' };
  }
  if (host !== hostname()) return { kind: 'other_host', pid, host };
  if (!processExists(pid)) return { kind: 'dead', pid, host };
  const startedMs = await processStartMs(pid);
  // Two seconds of slack: the start time is only known to a clock tick and the lock is written after start.
  if (startedMs !== null && startedMs > writtenMs + 2000) return { kind: 'dead', pid, host };
  return { kind: 'alive', pid, host };
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootTimeMs: number | null | undefined;

/** When a process started (Linux only; null elsewhere or when /proc cannot tell). */
async function processStartMs(pid: number): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  try {
    if (bootTimeMs === undefined) {
      const btime = /^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'));
      bootTimeMs = btime ? Number(btime[1]) * 1000 : null;
    }
    if (bootTimeMs === null) return null;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    if (!Number.isFinite(startTicks)) return null;
    // Linux reports USER_HZ, which is 100 on every mainstream build.
    return bootTimeMs + startTicks * 10;
  } catch {
    return null;
  }
}
