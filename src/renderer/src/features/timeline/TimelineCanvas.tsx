import { useCallback, useEffect, useRef } from 'react';
import type { PointerEvent } from 'react';
import type { SpanRow } from '../../../../shared/run-data';
import { useResolvedTheme } from '../../hooks/useResolvedTheme';
import type { BarsFrame } from './draw-timeline';
import { drawBars, prepareCanvas } from './draw-timeline';
import type { TimelineColors } from './timeline-colors';
import { readTimelineColors } from './timeline-colors';
import type { Tick, TimeRange } from './timeline-geometry';
import { panView, rowIndexAtY } from './timeline-geometry';

interface TimelineCanvasProps {
  width: number;
  height: number;
  rowScroll: number;
  first: number;
  last: number;
  total: number;
  rowAt(index: number): SpanRow | undefined;
  view: TimeRange;
  ticks: readonly Tick[];
  selectedIndex: number;
  matches: ReadonlySet<string>;
  nowUs: number | null;
  onSelect(index: number): void;
  onView(view: TimeRange): void;
  onZoomToRow(index: number): void;
}

const DRAG_THRESHOLD = 3;

/** What the next draw needs, as of the last render. */
type CanvasInputs = Omit<BarsFrame, 'colors' | 'phase' | 'hoverIndex'> & { total: number; theme: string };

/** The span bars, drawn on one canvas; drag pans, click selects, double-click zooms to a span. */
export function TimelineCanvas(props: TimelineCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const theme = useResolvedTheme();
  const colors = useRef<{ theme: string; value: TimelineColors } | null>(null);
  // Where the pointer is over the canvas (px from its top), or null: the hovered row follows from it
  // and the scroll when drawing, so neither a pointer move nor a scroll under a still pointer renders.
  const pointerY = useRef<number | null>(null);
  const drawnHover = useRef(-1);
  const pendingFrame = useRef<number | null>(null);
  const drag = useRef<{ x: number; y: number; view: TimeRange; moved: boolean; pointerId: number } | null>(
    null,
  );
  const frame = useRef<CanvasInputs | null>(null);
  frame.current = {
    width: props.width,
    height: props.height,
    rowScroll: props.rowScroll,
    first: props.first,
    last: props.last,
    total: props.total,
    rowAt: props.rowAt,
    view: props.view,
    ticks: props.ticks,
    selectedIndex: props.selectedIndex,
    matches: props.matches,
    nowUs: props.nowUs,
    theme,
  };

  const hoverIndexNow = useCallback(() => {
    const current = frame.current;
    if (pointerY.current === null || !current) return -1;
    const index = rowIndexAtY(pointerY.current, current.rowScroll);
    return index >= 0 && index < current.total ? index : -1;
  }, []);

  // One draw per animation frame at most, of whatever is current by then: renders in between (a
  // scroll, a zoom, rows arriving) do not push the drawing back a frame.
  const scheduleDraw = useCallback(() => {
    if (pendingFrame.current !== null) return;
    pendingFrame.current = requestAnimationFrame(() => {
      pendingFrame.current = null;
      const canvas = canvasRef.current;
      const current = frame.current;
      if (!canvas || !current || current.width <= 0 || current.height <= 0) return;
      // Read after the theme attribute has been applied, which happens in an effect.
      if (colors.current?.theme !== current.theme) {
        colors.current = { theme: current.theme, value: readTimelineColors(canvas) };
      }
      const context = prepareCanvas(canvas, current.width, current.height);
      if (!context) return;
      drawnHover.current = hoverIndexNow();
      drawBars(context, {
        ...current,
        hoverIndex: drawnHover.current,
        colors: colors.current.value,
        phase: (performance.now() % 1400) / 1400,
      });
    });
  }, [hoverIndexNow]);

  useEffect(scheduleDraw);
  useEffect(
    () => () => {
      if (pendingFrame.current !== null) cancelAnimationFrame(pendingFrame.current);
      pendingFrame.current = null;
    },
    [],
  );

  /** Follows the pointer; draws again only when it moved onto another row. */
  const trackPointer = (y: number | null) => {
    pointerY.current = y;
    if (hoverIndexNow() !== drawnHover.current) scheduleDraw();
  };

  const indexAt = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const index = rowIndexAtY(event.clientY - rect.top, props.rowScroll);
    return index >= 0 && index < props.total ? index : -1;
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = {
      x: event.clientX,
      y: event.clientY,
      view: props.view,
      moved: false,
      pointerId: event.pointerId,
    };
    (event.currentTarget.closest('[data-testid="timeline-body"]') as HTMLElement | null)?.focus({
      preventScroll: true,
    });
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const current = drag.current;
    if (!current) {
      trackPointer(event.clientY - event.currentTarget.getBoundingClientRect().top);
      return;
    }
    const dx = event.clientX - current.x;
    if (
      !current.moved &&
      Math.abs(dx) < DRAG_THRESHOLD &&
      Math.abs(event.clientY - current.y) < DRAG_THRESHOLD
    )
      return;
    current.moved = true;
    props.onView(panView(current.view, dx, props.width));
  };

  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const current = drag.current;
    drag.current = null;
    if (current && event.currentTarget.hasPointerCapture(current.pointerId)) {
      event.currentTarget.releasePointerCapture(current.pointerId);
    }
    if (current && !current.moved) {
      const index = indexAt(event);
      if (index >= 0) props.onSelect(index);
    }
  };

  return (
    <canvas
      ref={canvasRef}
      className="timeline-canvas"
      data-testid="timeline-canvas"
      aria-hidden="true"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onPointerLeave={() => trackPointer(null)}
      onDoubleClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        const index = rowIndexAtY(event.clientY - rect.top, props.rowScroll);
        if (index >= 0 && index < props.total) props.onZoomToRow(index);
      }}
    />
  );
}
