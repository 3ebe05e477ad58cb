import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { openFileInside, RunFileRefusedError } from './run-files';
import { jsonErrorDetail } from './run-json';

const LOCK_FILE = '.trace/run.lock';
/** A lock holds `{pid, host}`: a few dozen bytes. */
const MAX_LOCK_BYTES = 64 * 1024;

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
  let text: string;
  let writtenMs: number;
  try {
    const read = await readLockFile(runDir);
    if (!read) return { kind: 'none' };
    ({ text, writtenMs } = read);
  } catch (error) {
    if (error instanceof RunFileRefusedError) return { kind: 'unreadable', message: error.message };
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    return { kind: 'unreadable', message: `${LOCK_FILE} could not be read (${code})` };
  }
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', message: `${LOCK_FILE} is not valid JSON${jsonErrorDetail(error, text)}` };
  }
  const { pid, host } = (lock ?? {}) as { pid?: unknown; host?: unknown };
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || typeof host !== 'string') {
    return { kind: 'unreadable', message: `${LOCK_FILE} does not hold {pid, host}` };
  }
  if (host !== hostname()) return { kind: 'other_host', pid, host };
  if (!processExists(pid)) return { kind: 'dead', pid, host };
  const startedMs = await processStartMs(pid);
  // Two seconds of slack: the start time is only known to a clock tick and the lock is written after start.
  if (startedMs !== null && startedMs > writtenMs + 2000) return { kind: 'dead', pid, host };
  return { kind: 'alive', pid, host };
}

/**
 * Whether a run whose end is not recorded shows as running (else interrupted): its lock's process
 * lives, or it is held on another host, which cannot be checked from here.
 */
export function lockShowsRunning(lock: RunLockState): boolean {
  return lock.kind === 'alive' || lock.kind === 'other_host';
}

/** The lock's text and when it was written, from the one guarded open; null when there is none. */
async function readLockFile(runDir: string): Promise<{ text: string; writtenMs: number } | null> {
  const handle = await openFileInside(runDir, LOCK_FILE);
  if (!handle) return null;
  try {
    const info = await handle.stat();
    if (info.size > MAX_LOCK_BYTES) {
      throw new RunFileRefusedError(LOCK_FILE, 'too_large', `is larger than a lock file can be; not read`);
    }
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return { text: buffer.toString('utf8', 0, bytesRead), writtenMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
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
