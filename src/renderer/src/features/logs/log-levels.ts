/** OpenTelemetry severity numbers: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24. */
export const LEVEL_FILTERS: readonly { label: string; minSeverity: number }[] = [
  { label: 'All levels', minSeverity: 0 },
  { label: 'Debug and up', minSeverity: 5 },
  { label: 'Info and up', minSeverity: 9 },
  { label: 'Warnings and up', minSeverity: 13 },
  { label: 'Errors only', minSeverity: 17 },
];

export type LevelClass = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export function levelClass(severityNumber: number): LevelClass {
  if (severityNumber >= 21) return 'fatal';
  if (severityNumber >= 17) return 'error';
  if (severityNumber >= 13) return 'warn';
  if (severityNumber >= 9) return 'info';
  if (severityNumber >= 5) return 'debug';
  return 'trace';
}

const NODE_ID = /^[a-zA-Z0-9_]{1,150}$/;

/** A node id the logs call accepts, or the reason it does not. */
export function checkNodeFilter(text: string): { nodeId: string | undefined; problem: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { nodeId: undefined, problem: null };
  if (!NODE_ID.test(trimmed))
    return { nodeId: undefined, problem: 'A node id has only letters, digits and "_"' };
  return { nodeId: trimmed, problem: null };
}

/** How many rows the log list has: the total when the service knows it, else what is known plus one page. */
export function logRowCount(
  total: number | null,
  offset: number,
  loaded: number,
  more: boolean,
  known: number,
): number {
  if (total !== null) return total;
  return Math.max(known, offset + loaded + (more ? 100 : 0));
}
