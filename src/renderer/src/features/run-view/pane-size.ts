/** The run view's split between its timeline and its node pane, in percent of their width. */
export const TIMELINE_PERCENT = { min: 30, max: 80, default: 64, step: 2, bigStep: 10 } as const;

export function clampTimelinePercent(percent: number): number {
  const rounded = Math.round(percent * 10) / 10;
  return Math.min(TIMELINE_PERCENT.max, Math.max(TIMELINE_PERCENT.min, rounded));
}

/**
 * The width a key on the divider asks for (arrows move it, Page keys by more, Home/End to the
 * ends), or null for any other key.
 */
export function timelinePercentForKey(key: string, current: number): number | null {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampTimelinePercent(current - TIMELINE_PERCENT.step);
    case 'ArrowRight':
    case 'ArrowUp':
      return clampTimelinePercent(current + TIMELINE_PERCENT.step);
    case 'PageDown':
      return clampTimelinePercent(current - TIMELINE_PERCENT.bigStep);
    case 'PageUp':
      return clampTimelinePercent(current + TIMELINE_PERCENT.bigStep);
    case 'Home':
      return TIMELINE_PERCENT.min;
    case 'End':
      return TIMELINE_PERCENT.max;
    default:
      return null;
  }
}

/** The width for a pointer at `clientX` over a body spanning `left`..`left + width`. */
export function timelinePercentAt(clientX: number, left: number, width: number): number {
  if (width <= 0) return TIMELINE_PERCENT.default;
  return clampTimelinePercent(((clientX - left) / width) * 100);
}
