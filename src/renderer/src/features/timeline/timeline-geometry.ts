/**
 * The timeline's arithmetic: time ↔ pixels, zoom and pan, which rows are visible and which to
 * fetch, scroll scaling for runs too tall for a browser element, and the time axis ticks.
 */

export interface TimeRange {
  startUs: number;
  endUs: number;
}

export const ROW_HEIGHT = 22;
/** Browsers cap element heights (about 33.5 M px in Chromium); beyond this, scroll positions are scaled. */
export const MAX_SCROLL_HEIGHT = 8_000_000;
export const MIN_VIEW_US = 10;

export function durationOf(view: TimeRange): number {
  return Math.max(view.endUs - view.startUs, 1e-9);
}

export function timeToX(us: number, view: TimeRange, width: number): number {
  return ((us - view.startUs) / durationOf(view)) * width;
}

export function xToTime(x: number, view: TimeRange, width: number): number {
  return view.startUs + (x / Math.max(width, 1)) * durationOf(view);
}

/** The whole run with a little room on both sides. */
export function fitView(startUs: number, endUs: number): TimeRange {
  const duration = Math.max(endUs - startUs, 1000);
  const pad = duration * 0.02;
  return { startUs: startUs - pad, endUs: startUs + duration + pad };
}

/** Zooms by `factor` (> 1 zooms in) keeping `anchorUs` where it is on screen. */
export function zoomView(
  view: TimeRange,
  factor: number,
  anchorUs: number,
  maxDurationUs = Infinity,
): TimeRange {
  const duration = durationOf(view);
  const next = Math.min(Math.max(duration / factor, MIN_VIEW_US), Math.max(maxDurationUs, MIN_VIEW_US));
  const ratio = (anchorUs - view.startUs) / duration;
  const startUs = anchorUs - ratio * next;
  return { startUs, endUs: startUs + next };
}

/** Moves the view so what was at x is now at x + dx. */
export function panView(view: TimeRange, dxPx: number, width: number): TimeRange {
  const shift = (dxPx / Math.max(width, 1)) * durationOf(view);
  return { startUs: view.startUs - shift, endUs: view.endUs - shift };
}

/** Rows (inclusive) that show at least one pixel in a viewport scrolled to `rowScrollPx`. */
export function visibleRows(
  rowScrollPx: number,
  viewportHeight: number,
  total: number,
  rowHeight = ROW_HEIGHT,
): { first: number; last: number } {
  if (total <= 0) return { first: 0, last: -1 };
  const first = Math.min(Math.max(0, Math.floor(rowScrollPx / rowHeight)), total - 1);
  const last = Math.min(
    total - 1,
    Math.max(first, Math.ceil((rowScrollPx + viewportHeight) / rowHeight) - 1),
  );
  return { first, last };
}

/**
 * Rows per band of the label column: a label sits at its offset from the first row of its band, so
 * its position stays put while the view scrolls within the band and stays far below the pixel
 * offsets browsers can lay out, however many rows the run has.
 */
export const LABEL_BAND_ROWS = 1024;

/** The first row of the band that holds `first`. */
export function labelBandBase(first: number, bandRows = LABEL_BAND_ROWS): number {
  return Math.floor(Math.max(0, first) / bandRows) * bandRows;
}

export function rowIndexAtY(y: number, rowScrollPx: number, rowHeight = ROW_HEIGHT): number {
  return Math.floor((y + rowScrollPx) / rowHeight);
}

/** Height of the scrolling spacer for `total` rows. */
export function scrollHeightFor(total: number, rowHeight = ROW_HEIGHT): number {
  return Math.min(total * rowHeight, MAX_SCROLL_HEIGHT);
}

/** Content offset (px into all rows) for a scrollTop of the spacer, scaled when the spacer is capped. */
export function rowScrollFromScrollTop(
  scrollTop: number,
  total: number,
  viewportHeight: number,
  rowHeight = ROW_HEIGHT,
): number {
  const content = total * rowHeight;
  const spacer = scrollHeightFor(total, rowHeight);
  const maxContent = Math.max(0, content - viewportHeight);
  const maxSpacer = Math.max(0, spacer - viewportHeight);
  if (maxSpacer === 0) return 0;
  const top = Math.min(Math.max(0, scrollTop), maxSpacer);
  return content === spacer ? top : (top / maxSpacer) * maxContent;
}

export function scrollTopFromRowScroll(
  rowScrollPx: number,
  total: number,
  viewportHeight: number,
  rowHeight = ROW_HEIGHT,
): number {
  const content = total * rowHeight;
  const spacer = scrollHeightFor(total, rowHeight);
  const maxContent = Math.max(0, content - viewportHeight);
  const maxSpacer = Math.max(0, spacer - viewportHeight);
  const clamped = Math.min(Math.max(0, rowScrollPx), maxContent);
  if (maxContent === 0) return 0;
  return content === spacer ? clamped : (clamped / maxContent) * maxSpacer;
}

/** The content offset that brings row `index` fully into view, moving as little as possible. */
export function rowScrollToShow(
  index: number,
  rowScrollPx: number,
  viewportHeight: number,
  rowHeight = ROW_HEIGHT,
): number {
  const top = index * rowHeight;
  if (top < rowScrollPx) return top;
  if (top + rowHeight > rowScrollPx + viewportHeight) return Math.max(0, top + rowHeight - viewportHeight);
  return rowScrollPx;
}

/** The page of rows to fetch around the visible ones: `margin` rows either side, at most `maxLimit`. */
export function fetchRangeFor(
  first: number,
  last: number,
  total: number,
  margin: number,
  maxLimit: number,
): { offset: number; limit: number } {
  const offset = Math.max(0, first - margin);
  const end = Math.min(Math.max(total, 1), last + margin + 1);
  return { offset, limit: Math.min(maxLimit, Math.max(1, end - offset)) };
}

/** True when a window holding rows offset … offset + length - 1 has every visible row. */
export function windowCovers(offset: number, length: number, first: number, last: number): boolean {
  if (last < first) return true;
  return first >= offset && last <= offset + length - 1;
}

export interface Tick {
  us: number;
  x: number;
  label: string;
}

const NICE_STEPS = [1, 2, 5];

/** The smallest 1-2-5 step (µs) at least `rawUs` long. */
export function niceStepUs(rawUs: number): number {
  const target = Math.max(rawUs, 1);
  let magnitude = 10 ** Math.floor(Math.log10(target));
  for (;;) {
    for (const step of NICE_STEPS) if (step * magnitude >= target) return step * magnitude;
    magnitude *= 10;
  }
}

/** A time since the origin as a tick label, with digits enough for the tick step. */
export function formatOffsetUs(offsetUs: number, stepUs: number): string {
  const sign = offsetUs < 0 ? '-' : '';
  const abs = Math.abs(offsetUs);
  if (abs === 0) return '0';
  if (stepUs < 1000) return `${sign}${trim(abs / 1000, stepUs < 10 ? 3 : stepUs < 100 ? 2 : 1)} ms`;
  if (abs < 1_000_000) return `${sign}${trim(abs / 1000, 0)} ms`;
  if (abs < 60_000_000 || stepUs < 1_000_000) {
    const digits = stepUs < 10_000 ? 3 : stepUs < 100_000 ? 2 : stepUs < 1_000_000 ? 1 : 0;
    return `${sign}${trim(abs / 1e6, digits)} s`;
  }
  const minutes = Math.floor(abs / 60_000_000);
  const seconds = Math.round((abs % 60_000_000) / 1e6);
  return `${sign}${minutes}m${seconds ? ` ${seconds}s` : ''}`;
}

function trim(value: number, digits: number): string {
  return value
    .toFixed(digits)
    .replace(/\.0+$/, '')
    .replace(/(\.\d*?)0+$/, '$1');
}

/** Ticks at a 1-2-5 step at least `minSpacingPx` apart, labelled relative to `originUs`. */
export function timeTicks(view: TimeRange, width: number, originUs: number, minSpacingPx = 80): Tick[] {
  if (width <= 0) return [];
  const step = niceStepUs((durationOf(view) / width) * minSpacingPx);
  const firstOffset = Math.ceil((view.startUs - originUs) / step) * step;
  const ticks: Tick[] = [];
  for (let offset = firstOffset; originUs + offset <= view.endUs; offset += step) {
    const us = originUs + offset;
    ticks.push({ us, x: timeToX(us, view, width), label: formatOffsetUs(offset, step) });
    if (ticks.length > 1000) break;
  }
  return ticks;
}

/**
 * The time range the run covers: from its start (or its first known span) to now while it is live,
 * else to its end (or the latest end among the known spans).
 */
export function runExtent(
  startUs: number | null,
  endUs: number | null,
  nowUs: number | null,
  rows: readonly { start: number; end: number | null }[],
): TimeRange | null {
  let earliest: number | null = null;
  let latest: number | null = null;
  for (const row of rows) {
    if (earliest === null || row.start < earliest) earliest = row.start;
    const end = row.end ?? row.start;
    if (latest === null || end > latest) latest = end;
  }
  const first = startUs ?? earliest;
  if (first === null) return null;
  const end = nowUs ?? endUs ?? latest ?? first;
  return { startUs: first, endUs: Math.max(end, first + 1000) };
}
