import { basename } from 'node:path';

const MAX_STEM = 48;

/**
 * A run id for a trace read from a file: the file's name without its extension, then 16 hex digits
 * of the trace id, in `[a-zA-Z0-9_]` only (so it is a safe folder name everywhere).
 */
export function runIdBase(sourceFile: string, traceId: string): string {
  const stem = basename(sourceFile)
    .replace(/(\.(jsonl|ndjson|json|txt))+$/i, '')
    .replace(/[^a-zA-Z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, MAX_STEM)
    .replace(/_$/, '');
  // A 64-bit id (Jaeger's older ids) is padded to 128 bits with zeros: its own digits are the last 16.
  const high = traceId.slice(0, 16);
  return `${stem === '' ? 'trace' : stem}_${/^0+$/.test(high) ? traceId.slice(16, 32) : high}`;
}

/** The n-th candidate name (n from 1): the base, then `base_2`, `base_3`, … */
export function runIdCandidate(base: string, n: number): string {
  return n === 1 ? base : `${base}_${n}`;
}
