import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { SpanRow } from '../../../../shared/run-data';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format/format';
import { useElementSize } from '../../hooks/useElementSize';
import { useRunNowUs } from '../../hooks/useRunNowUs';
import { EMPTY_ROW_WINDOW, indexOfSpan, rowAt as windowRowAt, spanKey } from '../../live/rows-model';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useReplayAsOf } from '../../stores/replay-store';
import { useViewStore } from '../../stores/view-store';
import { findMatchIndex } from './search-nav';
import { useSpanWindow } from './useSpanWindow';
import { scanForMatch } from './search-scan';
import {
  durationOf,
  fitView,
  ROW_HEIGHT,
  rowScrollFromScrollTop,
  rowScrollToShow,
  runExtent,
  scrollHeightFor,
  scrollTopFromRowScroll,
  timeTicks,
  timeToX,
  visibleRows,
  xToTime,
  zoomView,
} from './timeline-geometry';
import type { TimeRange } from './timeline-geometry';
import { TimeAxis } from './TimeAxis';
import { TimelineCanvas } from './TimelineCanvas';
import { TimelineLabels } from './TimelineLabels';
import { TimelineToolbar } from './TimelineToolbar';
import { ServiceLegend } from './ServiceLegend';
import { serviceColorsOf } from './service-colors';
import { MAX_FILTERED_ROWS, withoutServices, withServicesOf } from './service-filter';
import { useSpanReveal } from './reveal-span';
import './timeline.css';
import { isTextField } from '../../hooks/text-field';

const LABEL_WIDTH = 300;
const NO_SERVICES: readonly string[] = [];
const NO_HIDDEN: ReadonlySet<string> = new Set();
const SEARCH_LIMIT = 2000;

/**
 * The run's spans as a waterfall: a label column and a canvas of bars over a shared scroll, fed by
 * the one fetched row window. Zoom, pan, collapse, search and keyboard navigation live here.
 */
export function Timeline({ runId }: { runId: string }) {
  // Rows still held for the run shown before this one (switching runs) are not this run's.
  const heldRows = useLiveRunStore((state) =>
    state.run?.runId === runId ? state.run.rows : EMPTY_ROW_WINDOW,
  );
  const [services, setServices] = useState<{ runId: string; names: readonly string[] }>({
    runId,
    names: [],
  });
  const [hiddenServices, setHiddenServices] = useState<{ runId: string; names: ReadonlySet<string> }>({
    runId,
    names: new Set(),
  });
  const serviceNames = services.runId === runId ? services.names : NO_SERVICES;
  const hidden = hiddenServices.runId === runId ? hiddenServices.names : NO_HIDDEN;
  const filtered = useMemo(() => withoutServices(heldRows, hidden), [heldRows, hidden]);
  // Every index below (selection, keyboard, drawing) counts the rows shown, without hidden services.
  const rows = filtered.window;
  const reveal = useSpanReveal((state) => state.target);
  const revealSequence = useSpanReveal((state) => state.sequence);
  const startUs = useLiveRunStore((state) => state.run?.startUs ?? null);
  const endUs = useLiveRunStore((state) => state.run?.endUs ?? null);
  const live = useLiveRunStore((state) => state.run?.live ?? false);
  const zoom = useViewStore((state) => state.zoom);
  const selected = useViewStore((state) => state.selected);
  const cursorIndex = useViewStore((state) => state.cursorIndex);
  const collapsed = useViewStore((state) => state.collapsed);
  const search = useViewStore((state) => state.search);

  const bodyRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { width: bodyWidth, height: viewportHeight } = useElementSize(bodyRef);
  const barsWidth = Math.max(0, bodyWidth - LABEL_WIDTH);
  const [scrollTop, setScrollTop] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const total = rows.total;
  const rowScroll = rowScrollFromScrollTop(scrollTop, total, viewportHeight);
  const { first, last } = visibleRows(rowScroll, viewportHeight, total);
  // A run too large to hold whole is not filtered (its window moves with the scroll as always).
  const filterable = heldRows.total <= MAX_FILTERED_ROWS;
  const fetchError = useSpanWindow(runId, heldRows, first, last, hidden.size > 0 && filterable);
  const multiService = serviceNames.length > 1;
  // Worked out when the services change, not per frame or per row.
  const serviceColors = useMemo(
    () => (serviceNames.length > 1 ? serviceColorsOf(serviceNames) : null),
    [serviceNames],
  );

  // The services met in the rows fetched so far, kept while the run is shown.
  useEffect(() => {
    setServices((known) => {
      const before = known.runId === runId ? known.names : NO_SERVICES;
      const names = withServicesOf(before, heldRows.rows);
      return names === known.names && known.runId === runId ? known : { runId, names };
    });
  }, [runId, heldRows.rows]);

  const toggleService = useCallback(
    (service: string) =>
      setHiddenServices((current) => {
        const names = new Set(current.runId === runId ? current.names : []);
        if (names.has(service)) names.delete(service);
        else names.add(service);
        return { runId, names };
      }),
    [runId],
  );
  const replayAsOf = useReplayAsOf(runId);

  // In a replay "now" is the replayed moment: running spans end there and the now line is drawn there.
  const nowUs = useRunNowUs(runId, 100);
  const extent = useMemo(
    // A replay keeps the whole run in view so the bars do not rescale as the moment moves.
    () => runExtent(startUs, endUs, replayAsOf === undefined ? nowUs : null, rows.rows),
    [startUs, endUs, nowUs, replayAsOf, rows.rows],
  );
  const view: TimeRange =
    zoom ?? (extent ? fitView(extent.startUs, extent.endUs) : { startUs: 0, endUs: 1_000_000 });
  const ticks = useMemo(
    () => timeTicks(view, barsWidth, extent?.startUs ?? view.startUs),
    [view.startUs, view.endUs, barsWidth, extent?.startUs],
  );
  // A selected span hidden by a collapse keeps its detail open but marks no row.
  const selectedIndex =
    selected && windowRowAt(rows, selected.index)?.spanId === selected.spanId ? selected.index : -1;
  const rowAt = useCallback((index: number) => windowRowAt(rows, index), [rows]);

  const viewRef = useRef(view);
  viewRef.current = view;
  const maxDuration = extent ? durationOf(extent) * 4 : Infinity;

  const setView = useCallback((next: TimeRange) => useViewStore.getState().setZoom(next), []);

  const scrollToRow = useCallback(
    (index: number, center = false) => {
      const body = bodyRef.current;
      if (!body) return;
      const current = rowScrollFromScrollTop(body.scrollTop, total, viewportHeight);
      const target = center
        ? Math.max(0, index * ROW_HEIGHT - viewportHeight / 2 + ROW_HEIGHT / 2)
        : rowScrollToShow(index, current, viewportHeight);
      if (target !== current) body.scrollTop = scrollTopFromRowScroll(target, total, viewportHeight);
    },
    [total, viewportHeight],
  );

  const moveTo = useCallback(
    (index: number, center = false) => {
      if (total === 0) return;
      const clamped = Math.min(Math.max(0, index), total - 1);
      const row = windowRowAt(rows, clamped);
      if (row) useViewStore.getState().select(row, clamped);
      else useViewStore.getState().setCursor(clamped);
      scrollToRow(clamped, center);
    },
    [rows, total, scrollToRow],
  );

  // A newly selected span is scrolled into view, whatever selected it (the node pane, the logs).
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!selected || selectedIndex < 0 || scrolledTo.current === selected.spanId) return;
    scrolledTo.current = selected.spanId;
    scrollToRow(selectedIndex);
  }, [selected, selectedIndex, scrollToRow]);

  // A span asked for by id (a link in the node pane): scroll to where the service placed it, so its
  // row is fetched, then select it. Scrolled again once rows of the expanded set have come.
  const revealScroll = useRef<string | null>(null);
  useEffect(() => {
    if (!reveal || reveal.runId !== runId) return;
    const found = indexOfSpan(rows, reveal.spanId);
    const row = found >= 0 ? windowRowAt(rows, found) : undefined;
    if (row) {
      useSpanReveal.getState().done(reveal);
      scrolledTo.current = row.spanId;
      useViewStore.getState().select(row, found);
      scrollToRow(found, true);
      return;
    }
    const held = windowRowAt(heldRows, indexOfSpan(heldRows, reveal.spanId));
    if (held?.serviceName && hidden.has(held.serviceName)) {
      toggleService(held.serviceName);
      return;
    }
    const key = `${revealSequence}|${heldRows.collapsedKey}|${total}`;
    if (revealScroll.current === key) return;
    revealScroll.current = key;
    scrollToRow(reveal.index, true);
  }, [reveal, revealSequence, runId, rows, heldRows, hidden, total, scrollToRow, toggleService]);

  // Keep the selection on its span when rows move (collapse above it, live inserts), and select
  // the row the keyboard moved to once it has been fetched.
  useEffect(() => {
    const view = useViewStore.getState();
    if (selected && cursorIndex === selected.index) {
      const found = indexOfSpan(rows, selected.spanId);
      if (found >= 0 && found !== selected.index) view.select(windowRowAt(rows, found) ?? null, found);
      return;
    }
    const atCursor = windowRowAt(rows, cursorIndex);
    if (atCursor && selected?.spanId !== atCursor.spanId) view.select(atCursor, cursorIndex);
  }, [rows, cursorIndex, selected]);

  const toggle = useCallback(
    (row: SpanRow) => {
      const view = useViewStore.getState();
      const index = indexOfSpan(rows, row.spanId);
      const current = view.selected;
      // Collapsing the subtree that holds the selection moves the selection up to the collapsed row.
      if (!view.collapsed.has(row.spanId) && current && index >= 0 && current.index > index) {
        let end = index + 1;
        while (end - rows.offset < rows.rows.length && (windowRowAt(rows, end)?.depth ?? -1) > row.depth)
          end++;
        if (current.index < end) view.select(row, index);
      }
      view.toggleCollapsed(row.spanId);
    },
    [rows],
  );

  const zoomBy = useCallback(
    (factor: number, anchorUs?: number) => {
      const current = viewRef.current;
      const selectedRow = selected ? windowRowAt(rows, selected.index) : undefined;
      const anchor =
        anchorUs ??
        (selectedRow && selectedRow.start >= current.startUs && selectedRow.start <= current.endUs
          ? selectedRow.start
          : (current.startUs + current.endUs) / 2);
      setView(zoomView(current, factor, anchor, maxDuration));
    },
    [rows, selected, maxDuration, setView],
  );

  const zoomToRow = useCallback(
    (index: number) => {
      const row = windowRowAt(rows, index);
      if (!row) return;
      const end = row.end ?? nowUs ?? row.start + 1000;
      setView(fitView(row.start, Math.max(end, row.start + 10)));
    },
    [rows, nowUs, setView],
  );

  const runSearch = useCallback(
    async (text: string) => {
      const store = useViewStore.getState();
      store.setSearch({ text, searching: true, error: null });
      const result = await request('searchSpans', { runId, text, limit: SEARCH_LIMIT });
      if (useViewStore.getState().search.text !== text) return;
      if (!result.ok) {
        store.setSearch({ searching: false, error: result.error, matches: new Set(), total: 0 });
        return;
      }
      store.setSearch({
        searching: false,
        matches: new Set(result.value.spanIds.map(spanKey)),
        total: result.value.total,
      });
      setNotice(result.value.total === 0 ? `No span matches “${text}”` : null);
    },
    [runId],
  );

  const jump = useCallback(
    async (direction: 1 | -1) => {
      const { matches } = useViewStore.getState().search;
      if (matches.size === 0) return;
      const from = selected?.index ?? (direction === 1 ? -1 : total);
      const inWindow = findMatchIndex(rows.rows, rows.offset, matches, from, direction);
      if (inWindow >= 0) {
        setNotice(null);
        moveTo(inWindow, true);
        return;
      }
      setNotice('Looking for the next match…');
      const result = await scanForMatch(
        runId,
        [...useViewStore.getState().collapsed],
        matches,
        Math.max(0, Math.min(from, total - 1)),
        direction,
        total,
      );
      if ('error' in result) {
        setNotice(`Could not look further (${result.error.code}): ${result.error.message}`);
      } else if (result.found === null) {
        setNotice(result.reason);
      } else {
        setNotice(null);
        moveTo(result.found, true);
      }
    },
    [rows, selected, total, runId, moveTo],
  );

  // Ctrl+wheel zooms around the cursor, Shift+wheel (or a sideways swipe) pans; plain wheel scrolls.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        // Read only here: a plain wheel scroll needs no layout from this handler.
        const x = event.clientX - body.getBoundingClientRect().left - LABEL_WIDTH;
        const current = viewRef.current;
        const anchor = x >= 0 && x <= barsWidth ? xToTime(x, current, barsWidth) : undefined;
        zoomBy(Math.exp(-event.deltaY * 0.0025), anchor);
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        const delta = event.shiftKey && event.deltaX === 0 ? event.deltaY : event.deltaX;
        const current = viewRef.current;
        const shift = (delta / Math.max(barsWidth, 1)) * durationOf(current);
        setView({ startUs: current.startUs + shift, endUs: current.endUs + shift });
      }
    };
    body.addEventListener('wheel', onWheel, { passive: false });
    return () => body.removeEventListener('wheel', onWheel);
  }, [barsWidth, zoomBy, setView]);

  // "/" focuses the search and n/N jump between matches from anywhere in the run view.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.key === 'n' || event.key === 'N') {
        event.preventDefault();
        void jump(event.key === 'n' ? 1 : -1);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [jump]);

  const onBodyKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const index = selected?.index ?? cursorIndex;
    const row = windowRowAt(rows, index);
    const page = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
    const handled = () => event.preventDefault();
    switch (event.key) {
      case 'ArrowDown':
        handled();
        moveTo(selected ? index + 1 : index);
        break;
      case 'ArrowUp':
        handled();
        moveTo(index - 1);
        break;
      case 'PageDown':
        handled();
        moveTo(index + page);
        break;
      case 'PageUp':
        handled();
        moveTo(index - page);
        break;
      case 'Home':
        handled();
        moveTo(0);
        break;
      case 'End':
        handled();
        moveTo(total - 1);
        break;
      case 'ArrowRight':
        handled();
        if (!row?.hasChildren) break;
        if (collapsed.has(row.spanId)) useViewStore.getState().setCollapsed(row.spanId, false);
        else moveTo(index + 1);
        break;
      case 'ArrowLeft': {
        handled();
        if (!row) break;
        if (row.hasChildren && !collapsed.has(row.spanId)) {
          useViewStore.getState().setCollapsed(row.spanId, true);
          break;
        }
        const parent = row.parentId === null ? -1 : indexOfSpan(rows, row.parentId);
        if (parent >= 0) moveTo(parent);
        break;
      }
      case 'Enter':
        handled();
        useViewStore.getState().focusDetail();
        break;
      case '+':
      case '=':
        handled();
        zoomBy(1.6);
        break;
      case '-':
      case '_':
        handled();
        zoomBy(1 / 1.6);
        break;
      case '0':
        handled();
        useViewStore.getState().setZoom(null);
        break;
    }
  };

  // The labels' handlers stay the same functions while rows arrive, so unchanged labels skip their render.
  const labelActions = useRef({ moveTo, toggle });
  labelActions.current = { moveTo, toggle };
  const selectFromLabel = useCallback((index: number) => {
    labelActions.current.moveTo(index);
    bodyRef.current?.focus({ preventScroll: true });
  }, []);
  const toggleFromLabel = useCallback((row: SpanRow) => labelActions.current.toggle(row), []);
  const onSearch = useCallback((text: string) => void runSearch(text), [runSearch]);
  const onClearSearch = useCallback(() => {
    useViewStore.getState().clearSearch();
    setNotice(null);
  }, []);
  const onJump = useCallback((direction: 1 | -1) => void jump(direction), [jump]);
  const onFit = useCallback(() => useViewStore.getState().setZoom(null), []);
  const onLeaveSearch = useCallback(() => bodyRef.current?.focus(), []);
  const totalText = useMemo(() => formatCount(total), [total]);

  const spacerHeight = scrollHeightFor(total);
  const loading = rows.stale && rows.rows.length === 0 && !fetchError;

  return (
    <section className="timeline" data-testid="timeline" aria-label="Timeline">
      <TimelineToolbar
        ref={searchRef}
        search={search}
        notice={notice}
        onSearch={onSearch}
        onClearSearch={onClearSearch}
        onJump={onJump}
        onZoom={zoomBy}
        onFit={onFit}
        onLeaveSearch={onLeaveSearch}
      />
      {multiService ? (
        <ServiceLegend
          services={serviceNames}
          colors={serviceColors ?? new Map()}
          hidden={hidden}
          hiddenCount={filtered.hiddenCount}
          filterable={filterable}
          onToggle={toggleService}
        />
      ) : null}
      <ErrorBanner title="Could not load the spans" error={fetchError} testId="timeline-error" compact />
      <div className="timeline__header">
        <div className="timeline__header-label">
          Span{' '}
          <span className="count" data-testid="timeline-total" data-total={total}>
            {totalText}
          </span>
        </div>
        <TimeAxis
          width={barsWidth}
          ticks={ticks}
          nowX={nowUs !== null ? timeToX(nowUs, view, barsWidth) : null}
        />
      </div>
      <div
        className="timeline__body"
        ref={bodyRef}
        tabIndex={0}
        role="tree"
        aria-label="Spans"
        aria-activedescendant={
          selected && windowRowAt(rows, selected.index) ? `span-row-${selected.index}` : undefined
        }
        data-testid="timeline-body"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onBodyKey}
      >
        <div className="timeline__viewport" style={{ height: viewportHeight }}>
          <TimelineLabels
            first={first}
            last={last}
            rowScroll={rowScroll}
            rowAt={rowAt}
            selectedIndex={selectedIndex}
            selectedSpanId={selected?.spanId ?? null}
            collapsed={collapsed}
            matches={search.matches}
            serviceColors={serviceColors}
            onSelect={selectFromLabel}
            onToggle={toggleFromLabel}
          />
          <div className="timeline__bars" style={{ left: LABEL_WIDTH, width: barsWidth }}>
            <TimelineCanvas
              runId={runId}
              width={barsWidth}
              height={viewportHeight}
              rowScroll={rowScroll}
              first={first}
              last={last}
              total={total}
              rowAt={rowAt}
              view={view}
              ticks={ticks}
              selectedIndex={selectedIndex}
              matches={search.matches}
              nowUs={nowUs}
              serviceColors={serviceColors}
              onSelect={(index) => moveTo(index)}
              onView={setView}
              onZoomToRow={zoomToRow}
            />
          </div>
          {loading ? <div className="timeline__loading">Loading spans…</div> : null}
          {!loading && total === 0 && !fetchError ? (
            <div className="timeline__loading" data-testid="timeline-empty">
              {live ? 'Waiting for the first span…' : 'This run has no spans.'}
            </div>
          ) : null}
        </div>
        <div style={{ height: Math.max(0, spacerHeight - viewportHeight) }} />
      </div>
    </section>
  );
}
