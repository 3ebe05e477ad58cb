/**
 * Which rows of a long list of equal-height rows are on screen, without keeping anything per row:
 * the list's memory stays the same for a hundred rows or ten million. Past what a browser can
 * scroll (`maxScrollHeight`), the scroll position maps proportionally onto the rows.
 */
export interface FixedRowWindow {
  first: number;
  last: number;
  /** Height of the element that makes the list scroll. */
  scrollHeight: number;
  /** Where row `index` is drawn, from the top of that element. */
  topOf(index: number): number;
}

export const MAX_SCROLL_HEIGHT = 15_000_000;

export function fixedRowWindow(options: {
  scrollTop: number;
  viewportHeight: number;
  count: number;
  rowHeight: number;
  overscan: number;
  maxScrollHeight?: number;
}): FixedRowWindow {
  const { scrollTop, viewportHeight, count, rowHeight, overscan } = options;
  const fullHeight = count * rowHeight;
  const scrollHeight = Math.min(fullHeight, options.maxScrollHeight ?? MAX_SCROLL_HEIGHT);
  const rowOffset = rowOffsetAt(scrollTop, fullHeight, scrollHeight, viewportHeight);
  const first = Math.max(0, Math.floor(rowOffset / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((rowOffset + viewportHeight) / rowHeight) + overscan);
  return {
    first,
    last: Math.max(first - 1, last),
    scrollHeight,
    topOf: (index) => index * rowHeight - rowOffset + scrollTop,
  };
}

/** The scroll position that shows row `index` at the bottom of the viewport. */
export function scrollTopToEnd(
  index: number,
  options: { viewportHeight: number; count: number; rowHeight: number; maxScrollHeight?: number },
): number {
  const fullHeight = options.count * options.rowHeight;
  const scrollHeight = Math.min(fullHeight, options.maxScrollHeight ?? MAX_SCROLL_HEIGHT);
  const rowOffset = Math.max(0, (index + 1) * options.rowHeight - options.viewportHeight);
  const travel = fullHeight - options.viewportHeight;
  if (travel <= 0) return 0;
  return (rowOffset / travel) * Math.max(0, scrollHeight - options.viewportHeight);
}

/** How far down the rows the viewport's top is, in px of the full list. */
function rowOffsetAt(scrollTop: number, fullHeight: number, scrollHeight: number, viewport: number): number {
  if (scrollHeight >= fullHeight) return scrollTop;
  const scrollable = Math.max(1, scrollHeight - viewport);
  return (Math.min(scrollTop, scrollable) / scrollable) * Math.max(0, fullHeight - viewport);
}
