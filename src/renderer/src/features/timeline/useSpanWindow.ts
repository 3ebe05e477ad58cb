import { useEffect, useMemo, useRef, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { collapsedKeyOf, windowFromPage } from '../../live/rows-model';
import type { RowWindow } from '../../live/rows-model';
import { useConnectionStore } from '../../stores/connection-store';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useReplayAsOf } from '../../stores/replay-store';
import { useViewStore } from '../../stores/view-store';
import { MAX_FILTERED_ROWS } from './service-filter';
import { fetchRangeFor, windowCovers } from './timeline-geometry';

/** Rows fetched beyond the visible ones on each side. */
const MARGIN = 150;
const MAX_PAGE = 5000;
/** Least time between fetches caused by live changes alone. */
const STALE_REFETCH_MS = 300;

interface InFlight {
  key: string;
  sequence: number;
}

/**
 * Keeps the run's row window holding the visible rows `first … last`: fetches when they fall outside
 * it, when the collapsed set or the replayed moment changes, after a reconnect, and (at a bounded rate) when live events
 * left it stale. Only the one window is ever held. With `whole`, the window holds every row of the
 * run, up to {@link MAX_FILTERED_ROWS} (a filter that hides rows needs them all to count).
 */
export function useSpanWindow(
  runId: string,
  rows: RowWindow,
  first: number,
  last: number,
  whole = false,
): CallError | null {
  const collapsed = useViewStore((state) => state.collapsed);
  const generation = useConnectionStore((state) => state.generation);
  const asOf = useReplayAsOf(runId);
  // A replayed moment is part of what the window holds: rows as of another moment are not these.
  const collapsedKey = useMemo(
    () => collapsedKeyOf(collapsed) + (asOf === undefined ? '' : `@${asOf}`),
    [collapsed, asOf],
  );
  const [error, setError] = useState<CallError | null>(null);
  const inFlight = useRef<InFlight | null>(null);
  const sequence = useRef(0);
  const applied = useRef(0);
  const lastFetchAt = useRef(0);
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (generation === 0) return;
    const sameSet = rows.collapsedKey === collapsedKey;
    const knownTotal = sameSet ? rows.total : Math.max(rows.total, last + 1);
    const visibleLast = Math.min(last, Math.max(knownTotal - 1, 0));
    const wholeLimit = Math.min(Math.max(knownTotal, 1), MAX_FILTERED_ROWS);
    const covered =
      sameSet &&
      (whole
        ? rows.offset === 0 && rows.rows.length >= Math.min(knownTotal, MAX_FILTERED_ROWS)
        : windowCovers(rows.offset, rows.rows.length, first, visibleLast));
    if (covered && !rows.stale) return;
    const { offset, limit } = whole
      ? { offset: 0, limit: wholeLimit }
      : fetchRangeFor(first, visibleLast, Math.max(knownTotal, 1), MARGIN, MAX_PAGE);
    const key = `${collapsedKey}|${offset}|${limit}|${generation}|${retry}`;
    if (inFlight.current?.key === key) return;
    // Scrolling or collapsing needs rows now; live staleness alone waits its turn.
    const wait = covered ? Math.max(0, lastFetchAt.current + STALE_REFETCH_MS - Date.now()) : 0;
    const id = ++sequence.current;
    inFlight.current = { key, sequence: id };
    const collapsedIds = [...collapsed];
    let sent = false;
    const timer = setTimeout(() => {
      sent = true;
      lastFetchAt.current = Date.now();
      const eventsBefore = useLiveRunStore.getState().run?.spanEventCount ?? 0;
      void request('spanRows', { runId, collapsed: collapsedIds, offset, limit, asOf }).then((result) => {
        if (inFlight.current?.sequence === id) inFlight.current = null;
        // Answers show in the order asked: one overtaken by a newer request (a replay moving on, a
        // scroll) still shows until the newer arrives, so a slow answer never leaves the view frozen.
        if (id < applied.current) return;
        applied.current = id;
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setError(null);
        const live = useLiveRunStore.getState().run;
        if (!live || live.runId !== runId) return;
        // Events applied while the answer travelled may be missing from it: fetch again soon.
        const raced = live.spanEventCount !== eventsBefore;
        useLiveRunStore.getState().setRows(windowFromPage(result.value, collapsedKey, raced));
      });
    }, wait);
    return () => {
      // A request already sent is left to answer; one still waiting for its turn is called off.
      if (sent) return;
      clearTimeout(timer);
      if (inFlight.current?.sequence === id) inFlight.current = null;
    };
  }, [runId, rows, first, last, whole, collapsed, collapsedKey, asOf, generation, retry]);

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setRetry((n) => n + 1), 3000);
    return () => clearTimeout(timer);
  }, [error]);

  return error;
}
