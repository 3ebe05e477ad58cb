import { useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { usePreferencesStore } from '../../stores/preferences-store';
import { TIMELINE_PERCENT, timelinePercentAt, timelinePercentForKey } from './pane-size';

/**
 * The bar between the timeline and the node pane: dragged with the pointer or moved with the
 * arrow keys; double-click puts it back. The width is remembered across reloads.
 */
export function PaneDivider({ controls }: { controls: string }) {
  const percent = usePreferencesStore((state) => state.timelinePercent ?? TIMELINE_PERCENT.default);
  const dragging = useRef(false);

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const body = event.currentTarget.parentElement?.getBoundingClientRect();
    if (!body) return;
    usePreferencesStore
      .getState()
      .setTimelinePercent(timelinePercentAt(event.clientX, body.left, body.width));
  };

  return (
    <div
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
        dragging.current = true;
      }}
      onPointerMove={(event) => {
        if (dragging.current) moveTo(event);
      }}
      onPointerUp={(event) => {
        dragging.current = false;
        event.currentTarget.releasePointerCapture(event.pointerId);
      }}
      onPointerCancel={() => {
        dragging.current = false;
      }}
      onDoubleClick={() => usePreferencesStore.getState().setTimelinePercent(null)}
      onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => {
        const next = timelinePercentForKey(event.key, percent);
        if (next === null) return;
        event.preventDefault();
        usePreferencesStore.getState().setTimelinePercent(next);
      }}
    />
  );
}
