import { useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { usePreferencesStore } from '../../stores/preferences-store';
import { TIMELINE_PERCENT, timelinePercentAt, timelinePercentForKey } from './pane-size';

/** The node pane's least width: narrower, its fields and buttons no longer fit. */
export const DETAIL_MIN_PX = 300;

/**
 * The columns of the run view's body for a timeline share of `percent`: the node pane keeps at
 * least DETAIL_MIN_PX, taken from the timeline when the window is narrow.
 */
export function splitColumns(percent: number): string {
  return `minmax(0, ${percent}%) auto minmax(${DETAIL_MIN_PX}px, 1fr)`;
}

/** `percent`, lowered if need be so that the node pane keeps its least width in `body`. */
function withinWidth(percent: number, body: HTMLElement, divider: HTMLElement): number {
  const width = body.getBoundingClientRect().width;
  if (width <= 0) return percent;
  const most = ((width - DETAIL_MIN_PX - divider.offsetWidth) / width) * 100;
  return Math.max(TIMELINE_PERCENT.min, Math.min(percent, Math.floor(most * 10) / 10));
}

/**
 * The bar between the timeline and the node pane: dragged with the pointer or moved with the
 * arrow keys; double-click puts it back. The width is remembered across reloads, once a drag ends
 * (storage is written once per move the user makes, not once per pointer event).
 */
export function PaneDivider({ controls }: { controls: string }) {
  const saved = usePreferencesStore((state) => state.timelinePercent ?? TIMELINE_PERCENT.default);
  /** The share while a drag is under way, before it is saved. */
  const [dragged, setDragged] = useState<number | null>(null);
  const percent = dragged ?? saved;
  const self = useRef<HTMLDivElement>(null);

  // The body is laid out here, where the split is known during a drag, and with the node pane's
  // least width. After every render: the body's own render may have just set its columns.
  useLayoutEffect(() => {
    const body = self.current?.parentElement;
    if (body) body.style.gridTemplateColumns = splitColumns(percent);
  });

  const save = (next: number | null) => usePreferencesStore.getState().setTimelinePercent(next);

  const percentAt = (event: PointerEvent<HTMLDivElement>): number | null => {
    const body = event.currentTarget.parentElement;
    if (!body) return null;
    const { left, width } = body.getBoundingClientRect();
    return withinWidth(timelinePercentAt(event.clientX, left, width), body, event.currentTarget);
  };

  return (
    <div
      ref={self}
      className="pane-divider"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the timeline and the node pane"
      aria-controls={controls}
      aria-valuemin={TIMELINE_PERCENT.min}
      aria-valuemax={TIMELINE_PERCENT.max}
      aria-valuenow={percent}
      tabIndex={0}
      title="Drag or use the arrow keys to resize; double-click to reset"
      data-testid="pane-divider"
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        event.currentTarget.focus();
        setDragged(percent);
      }}
      onPointerMove={(event) => {
        if (dragged === null) return;
        const next = percentAt(event);
        if (next !== null) setDragged(next);
      }}
      onPointerUp={(event) => {
        event.currentTarget.releasePointerCapture(event.pointerId);
        if (dragged === null) return;
        // A click without a move leaves the remembered split as it was (the default stays default).
        if (dragged !== saved) save(dragged);
        setDragged(null);
      }}
      onPointerCancel={() => {
        // A drag the system took away is kept where it got to.
        if (dragged !== null && dragged !== saved) save(dragged);
        setDragged(null);
      }}
      onDoubleClick={() => save(null)}
      onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => {
        const next = timelinePercentForKey(event.key, percent);
        if (next === null) return;
        event.preventDefault();
        const body = event.currentTarget.parentElement;
        save(body ? withinWidth(next, body, event.currentTarget) : next);
      }}
    />
  );
}
