import { useEffect, useRef, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import type { LogLine } from '../../../../shared/run-data';
import { request } from '../../api/api-client';
import { logRowCount } from './log-levels';

export interface LogFilters {
  minSeverity: number;
  nodeId: string | undefined;
  text: string;
  /** Only lines written by this moment (µs), for a replay. */
  until: number | undefined;
}

interface LogWindow {
  key: string;
  /** The replayed moment the lines were read for. */
  until: number | undefined;
  offset: number;
  lines: readonly LogLine[];
  total: number | null;
  more: boolean;
}

const MARGIN = 200;
const MAX_PAGE = 1000;

export interface LogWindowState {
  count: number;
  lineAt(index: number): LogLine | undefined;
  error: CallError | null;
  loading: boolean;
  retry(): void;
}

function hasMoreAfter(window: LogWindow): boolean {
  const end = window.offset + window.lines.length;
  return window.more || (window.total !== null && end < window.total);
}

/**
 * Holds one window of log lines around the visible rows `first … last` for the given filters,
 * fetching when those rows leave it, when the filters change, and, for a live run, when new lines
 * arrived (`version`) while the window reaches the end.
 */
export function useLogWindow(
  runId: string,
  filters: LogFilters,
  first: number,
  last: number,
  version: number,
): LogWindowState {
  // A new replayed moment refreshes the window in place (like new live lines), so the table keeps
  // showing the last moment's lines until the new ones arrive instead of going blank.
  const key = `${runId}|${filters.minSeverity}|${filters.nodeId ?? ''}|${filters.text}`;
  const countKey = `${key}|${filters.until ?? ''}`;
  const [window, setWindow] = useState<LogWindow | null>(null);
  const [known, setKnown] = useState<{ key: string; count: number }>({ key: countKey, count: 0 });
  const [error, setError] = useState<CallError | null>(null);
  const [loading, setLoading] = useState(false);
  const requested = useRef('');
  const [retries, setRetries] = useState(0);
  const sequence = useRef(0);
  const applied = useRef(0);
  const current = window?.key === key ? window : null;

  useEffect(() => {
    const from = Math.max(0, first);
    const to = Math.max(from, last);
    let offset: number;
    if (!current) {
      offset = Math.max(0, from - MARGIN);
    } else {
      const end = current.offset + current.lines.length;
      const before = from < current.offset;
      const after = to >= end && hasMoreAfter(current);
      const tailChanged = !hasMoreAfter(current) && to >= end - 1;
      const momentChanged = current.until !== filters.until;
      if (!before && !after && !tailChanged && !momentChanged) return;
      offset = before || after ? Math.max(0, from - MARGIN) : current.offset;
    }
    const limit = Math.min(MAX_PAGE, Math.max(1, to - offset + 1 + MARGIN));
    const signature = `${countKey}|${offset}|${limit}|${version}`;
    if (requested.current === signature) return;
    requested.current = signature;
    const id = ++sequence.current;
    setLoading(true);
    void request('logLines', {
      runId,
      offset,
      limit,
      ...(filters.minSeverity > 0 ? { minSeverity: filters.minSeverity } : {}),
      ...(filters.nodeId ? { nodeId: filters.nodeId } : {}),
      ...(filters.text ? { text: filters.text } : {}),
      ...(filters.until !== undefined ? { until: filters.until } : {}),
    }).then((result) => {
      // Answers are shown in the order they were asked for: a late one for an earlier moment still
      // shows while playback has moved on, rather than every answer being dropped for a newer one.
      if (id < applied.current) return;
      applied.current = id;
      if (id === sequence.current) setLoading(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      const page = result.value;
      setWindow({
        key,
        until: filters.until,
        offset: page.offset,
        lines: page.lines,
        total: page.total,
        more: page.more,
      });
      const reached = page.offset + page.lines.length + (page.more ? 1 : 0);
      setKnown((previous) => ({
        key: countKey,
        count: previous.key === countKey ? Math.max(previous.count, reached) : reached,
      }));
    });
  }, [
    runId,
    key,
    countKey,
    first,
    last,
    version,
    current,
    retries,
    filters.minSeverity,
    filters.nodeId,
    filters.text,
    filters.until,
  ]);

  const knownCount = known.key === countKey ? known.count : 0;
  const count = current
    ? logRowCount(current.total, current.offset, current.lines.length, current.more, knownCount)
    : 0;
  return {
    count,
    lineAt: (index) => (current ? current.lines[index - current.offset] : undefined),
    error,
    loading,
    retry: () => {
      requested.current = '';
      setRetries((n) => n + 1);
    },
  };
}
