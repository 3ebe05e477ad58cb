import { useCallback, useEffect, useRef, useState } from 'react';
import type { PointerEvent } from 'react';
import type { SpanRow } from '../../../../shared/run-data';
import { useResolvedTheme } from '../../hooks/useResolvedTheme';
import type { BarsFrame } from './draw-timeline';
import { drawBars, prepareCanvas } from './draw-timeline';
import type { TimelineColors } from './timeline-colors';
import { readTimelineColors } from './timeline-colors';
import type { Tick, TimeRange } from './timeline-geometry';
import { panView, rowIndexAtY, timeToX } from './timeline-geometry';
import { useErrorMessage } from './useErrorMessage';

interface TimelineCanvasProps {
  runId: string;
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
  /** Bars take their service's colour (a run of several services), else null. */
  serviceColors: ReadonlyMap<string, string> | null;
  onSelect(index: number): void;
  onView(view: TimeRange): void;
  onZoomToRow(index: number): void;
}

const DRAG_THRESHOLD = 3;

/** An error bar under the pointer: where its message shows. */
interface ErrorHoverAt {
  index: number;
  spanId: string;
  x: number;
  y: number;
}

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
    serviceColors: props.serviceColors,
    theme,
  };
  const [errorHover, setErrorHover] = useState<ErrorHoverAt | null>(null);
  const errorHoverRef = useRef(errorHover);
  errorHoverRef.current = errorHover;
  const errorMessage = useErrorMessage(props.runId, errorHover?.spanId ?? null);

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
      // A scroll under a still pointer moves another row under it: the message was the other row's.
      if (errorHoverRef.current && errorHoverRef.current.index !== drawnHover.current) setErrorHover(null);
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
  const trackPointer = (x: number | null, y: number | null) => {
    pointerY.current = y;
    const index = hoverIndexNow();
    if (index !== drawnHover.current) scheduleDraw();
    const onError = x === null ? null : errorBarAt(index, x);
    const shown = errorHoverRef.current;
    if (onError === null) {
      if (shown !== null) setErrorHover(null);
    } else if (shown?.spanId !== onError.spanId) {
      setErrorHover({ ...onError, x: x ?? 0, y: y ?? 0 });
    }
  };

  /** The error span whose bar is under x on row `index` (bars under 6 px wide count as 6 px). */
  const errorBarAt = (index: number, x: number): { index: number; spanId: string } | null => {
    const row = index >= 0 ? props.rowAt(index) : undefined;
    if (!row || row.status !== 'ERROR') return null;
    const x0 = timeToX(row.start, props.view, props.width);
    const x1 = timeToX(row.end ?? props.nowUs ?? row.start, props.view, props.width);
    const slack = Math.max(0, (6 - (x1 - x0)) / 2);
    return x >= x0 - slack && x <= x1 + slack ? { index, spanId: row.spanId } : null;
  };

  const indexAt = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const index = rowIndexAtY(event.clientY - rect.top, props.rowScroll);
    return index >= 0 && index < props.total ? index : -1;
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    setErrorHover(null);
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
      const rect = event.currentTarget.getBoundingClientRect();
      trackPointer(event.clientX - rect.left, event.clientY - rect.top);
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
    <>
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
        onPointerLeave={() => trackPointer(null, null)}
        onDoubleClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          const index = rowIndexAtY(event.clientY - rect.top, props.rowScroll);
          if (index >= 0 && index < props.total) props.onZoomToRow(index);
        }}
      />
      {errorHover ? (
        <div
          className="timeline-error-hover"
          role="tooltip"
          data-testid="timeline-error-hover"
          style={{
            left: Math.min(errorHover.x + 12, Math.max(0, props.width - 320)),
            top: errorHover.y + 14,
          }}
        >
          {errorMessage.message ??
            (errorMessage.failed ? 'Could not read the error of this span' : 'Reading the error…')}
        </div>
      ) : null}
    </>
  );
}
