import { randomBytes } from 'node:crypto';
import { assertValidId } from './ids';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `[<prefix>_](run|rerun)_<YYYYMMDD>_<HHMMSS>_<6 hex>`, in local time, as DAD names runs. */
export function newRunId(options: { prefix?: string | null; rerun: boolean; now?: Date }): string {
  const now = options.now ?? new Date();
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = `${options.rerun ? 'rerun' : 'run'}_${date}_${time}_${randomBytes(3).toString('hex')}`;
  if (options.prefix) {
    assertValidId(options.prefix, 'run id prefix');
    return `${options.prefix}_${base}`;
  }
  return base;
}

export function newExecutionId(): string {
  return `dadex-${randomBytes(8).toString('hex')}`;
}

/** UTC ISO timestamp with microseconds, as DAD's files carry them. */
export function isoMicros(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
