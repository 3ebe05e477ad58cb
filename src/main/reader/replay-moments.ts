import type { ReplayMoment } from '../../shared/replay-data';
import type { LogColumns } from './log-columns';
import { FLAG_SYNTHETIC, type SpanColumns } from './span-columns';

/**
 * The first moment the run recorded strictly after `fromUs` (direction 1) or strictly before it
 * (direction -1): a span's start or end, or a log line. One pass over the columns, no file reads.
 */
export function adjacentMoment(
  spans: SpanColumns,
  logs: LogColumns,
  fromUs: number,
  direction: 1 | -1,
): ReplayMoment | null {
  let best = direction === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let bestKind: ReplayMoment['kind'] = 'log';
  let bestRow = -1;
  const closer = (time: number) =>
    direction === 1 ? time > fromUs && time < best : time < fromUs && time > best;
  for (let row = 0; row < spans.count; row++) {
    if ((spans.flags[row] as number) & FLAG_SYNTHETIC) continue;
    const start = spans.startUs[row] as number;
    if (closer(start)) {
      best = start;
      bestKind = 'span_started';
      bestRow = row;
    }
    const end = spans.endUs[row] as number;
    if (!Number.isNaN(end) && closer(end)) {
      best = end;
      bestKind = 'span_ended';
      bestRow = row;
    }
  }
  for (let row = 0; row < logs.count; row++) {
    const time = logs.timestampUs[row] as number;
    if (closer(time)) {
      best = time;
      bestKind = 'log';
      bestRow = row;
    }
  }
  if (bestRow < 0) return null;
  return { timeUs: best, kind: bestKind, label: labelOf(spans, logs, bestKind, bestRow) };
}

function labelOf(spans: SpanColumns, logs: LogColumns, kind: ReplayMoment['kind'], row: number): string {
  if (kind === 'log') {
    const node = logs.strings.text(logs.nodeId[row] as number);
    return node ? `log line of ${node}` : 'log line';
  }
  const node = spans.strings.text(spans.nodeId[row] as number);
  const name = node ?? spans.strings.text(spans.name[row] as number) ?? 'span';
  return `${name} ${kind === 'span_started' ? 'started' : 'ended'}`;
}

/**
 * When each node (by hierarchy path) ended: its latest ended span with that path, µs. Paths with
 * no ended span are left out.
 */
export function nodeEndTimes(spans: SpanColumns, paths: readonly string[]): Map<string, number> {
  const wanted = new Set(paths);
  const ends = new Map<string, number>();
  if (wanted.size === 0) return ends;
  for (let row = 0; row < spans.count; row++) {
    const path = spans.pathOf(row);
    if (path === null || path === undefined || !wanted.has(path)) continue;
    const end = spans.endUs[row] as number;
    if (Number.isNaN(end)) continue;
    if (end > (ends.get(path) ?? Number.NEGATIVE_INFINITY)) ends.set(path, end);
  }
  return ends;
}
