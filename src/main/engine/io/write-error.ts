import { relative, sep } from 'node:path';

// Errors that mean the disk, not the run, is at fault: the run cannot keep its record.
const DISK_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
};

/** Whether a file system error says the disk is full or failing. */
export function isDiskError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && code in DISK_ERRORS;
}

/**
 * `writing .trace/trace.jsonl: no space left on device`: the step, the file (relative to the run
 * folder when it lies inside) and the cause in words, without node's path-laden message.
 */
export function describeFileError(step: string, path: string, runDir: string, error: unknown): string {
  return `${step} ${displayPath(path, runDir)}: ${fileErrorText(error)}`;
}

export function fileErrorText(error: unknown): string {
  const code = errorCode(error);
  const disk = code === undefined ? undefined : DISK_ERRORS[code];
  if (disk !== undefined) return disk;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined ? message.replace(/^[A-Z]+: /, '').replace(/, \w+ '[^']*'$/, '') : message;
}

function displayPath(path: string, runDir: string): string {
  const inside = relative(runDir, path);
  return inside !== '' && !inside.startsWith('..') ? inside.split(sep).join('/') : path;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
