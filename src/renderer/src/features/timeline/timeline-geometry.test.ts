import { describe, expect, it } from 'vitest';
import {
  fetchRangeFor,
  fitView,
  LABEL_BAND_ROWS,
  labelBandBase,
  formatOffsetUs,
  MAX_SCROLL_HEIGHT,
  MIN_VIEW_US,
  niceStepUs,
  panView,
  ROW_HEIGHT,
  rowIndexAtY,
  runExtent,
  rowScrollFromScrollTop,
  rowScrollToShow,
  scrollHeightFor,
  scrollTopFromRowScroll,
  timeTicks,
  timeToX,
  visibleRows,
  windowCovers,
  xToTime,
  zoomView,
} from './timeline-geometry';

const view = { startUs: 1_000_000, endUs: 2_000_000 };

describe('time and pixels', () => {
  it('maps the view onto the width and back', () => {
    expect(timeToX(1_000_000, view, 500)).toBe(0);
    expect(timeToX(1_500_000, view, 500)).toBe(250);
    expect(timeToX(2_000_000, view, 500)).toBe(500);
    expect(xToTime(250, view, 500)).toBe(1_500_000);
  });

  it('fits a run with a margin on both sides', () => {
    const fit = fitView(0, 1_000_000);
    expect(fit.startUs).toBeLessThan(0);
    expect(fit.endUs).toBeGreaterThan(1_000_000);
    expect(fitView(5, 5).endUs - fitView(5, 5).startUs).toBeGreaterThan(0);
  });
});

describe('zoom and pan', () => {
  it('zooms around the anchor: the time under the cursor stays under the cursor', () => {
    const anchor = xToTime(100, view, 500);
    const zoomed = zoomView(view, 4, anchor);
    expect(zoomed.endUs - zoomed.startUs).toBeCloseTo(250_000);
    expect(timeToX(anchor, zoomed, 500)).toBeCloseTo(100);
  });

  it('does not zoom in beyond the smallest view nor out beyond the limit', () => {
    const deep = zoomView(view, 1e9, 1_500_000);
    expect(deep.endUs - deep.startUs).toBeCloseTo(MIN_VIEW_US);
    const wide = zoomView(view, 0.001, 1_500_000, 3_000_000);
    expect(wide.endUs - wide.startUs).toBe(3_000_000);
  });

  it('pans by pixels: dragging right shows earlier time', () => {
    const panned = panView(view, 50, 500);
    expect(panned.startUs).toBe(900_000);
    expect(panned.endUs).toBe(1_900_000);
  });
});

describe('visible rows and fetch windows', () => {
  it('lists the rows that show in the viewport', () => {
    expect(visibleRows(0, 100, 1000)).toEqual({ first: 0, last: 4 });
    expect(visibleRows(ROW_HEIGHT * 10 + 5, 100, 1000)).toEqual({ first: 10, last: 14 });
    expect(visibleRows(0, 100, 3)).toEqual({ first: 0, last: 2 });
    expect(visibleRows(0, 100, 0)).toEqual({ first: 0, last: -1 });
  });

  it('finds the row under a point', () => {
    expect(rowIndexAtY(0, 0)).toBe(0);
    expect(rowIndexAtY(ROW_HEIGHT + 1, ROW_HEIGHT * 2)).toBe(3);
  });

  it('fetches a margin around the visible rows, within the total and the page limit', () => {
    expect(fetchRangeFor(500, 540, 1_000_000, 100, 5000)).toEqual({ offset: 400, limit: 241 });
    expect(fetchRangeFor(10, 40, 1_000_000, 100, 5000)).toEqual({ offset: 0, limit: 141 });
    expect(fetchRangeFor(990, 999, 1000, 100, 5000)).toEqual({ offset: 890, limit: 110 });
    expect(fetchRangeFor(0, 40, 1_000_000, 100_000, 5000).limit).toBe(5000);
  });

  it('tells whether a window has every visible row', () => {
    expect(windowCovers(400, 241, 500, 540)).toBe(true);
    expect(windowCovers(400, 241, 600, 660)).toBe(false);
    expect(windowCovers(0, 0, 0, -1)).toBe(true);
  });

  it('brings a row into view with the least movement', () => {
    expect(rowScrollToShow(5, 0, 220)).toBe(0);
    expect(rowScrollToShow(20, 0, 220)).toBe(21 * ROW_HEIGHT - 220);
    expect(rowScrollToShow(2, 10 * ROW_HEIGHT, 220)).toBe(2 * ROW_HEIGHT);
  });
});

describe('scroll scaling for a million rows', () => {
  it('uses real pixels while the rows fit', () => {
    expect(scrollHeightFor(1000)).toBe(1000 * ROW_HEIGHT);
    expect(rowScrollFromScrollTop(500, 1000, 300)).toBe(500);
    expect(scrollTopFromRowScroll(500, 1000, 300)).toBe(500);
  });

  it('caps the spacer and scales positions so the last row is still reachable', () => {
    const total = 1_000_000;
    const viewport = 600;
    expect(scrollHeightFor(total)).toBe(MAX_SCROLL_HEIGHT);
    const bottom = rowScrollFromScrollTop(MAX_SCROLL_HEIGHT - viewport, total, viewport);
    expect(bottom).toBeCloseTo(total * ROW_HEIGHT - viewport);
    expect(visibleRows(bottom, viewport, total).last).toBe(total - 1);
    const middle = 400_000 * ROW_HEIGHT;
    expect(
      rowScrollFromScrollTop(scrollTopFromRowScroll(middle, total, viewport), total, viewport),
    ).toBeCloseTo(middle);
  });
});

describe('label bands', () => {
  // Where a label shows: its place in the band's track, moved by the track's offset.
  const shownAt = (index: number, first: number, rowScroll: number) => {
    const base = labelBandBase(first);
    return (index - base) * ROW_HEIGHT + (base * ROW_HEIGHT - rowScroll);
  };

  it('puts every row where the scroll says, in any band', () => {
    for (const rowScroll of [
      0,
      5 * ROW_HEIGHT + 3,
      (LABEL_BAND_ROWS + 7) * ROW_HEIGHT,
      999_980 * ROW_HEIGHT,
    ]) {
      const { first, last } = visibleRows(rowScroll, 600, 1_000_000);
      for (const index of [first, last])
        expect(shownAt(index, first, rowScroll)).toBe(index * ROW_HEIGHT - rowScroll);
    }
  });

  it('keeps a label at the same place in its track while the view scrolls within the band', () => {
    const index = 40;
    const places = [0, 10, 30].map((first) => (index - labelBandBase(first)) * ROW_HEIGHT);
    expect(new Set(places).size).toBe(1);
    expect(labelBandBase(LABEL_BAND_ROWS - 1)).toBe(0);
    expect(labelBandBase(LABEL_BAND_ROWS)).toBe(LABEL_BAND_ROWS);
  });

  it('keeps the last row of a million rows a few thousand pixels into its track', () => {
    const last = 999_999;
    const top = (last - labelBandBase(last - 30)) * ROW_HEIGHT;
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan((LABEL_BAND_ROWS + 100) * ROW_HEIGHT);
  });
});

describe('time axis ticks', () => {
  it('uses 1-2-5 steps', () => {
    expect(niceStepUs(1)).toBe(1);
    expect(niceStepUs(3)).toBe(5);
    expect(niceStepUs(120)).toBe(200);
    expect(niceStepUs(700_000)).toBe(1_000_000);
  });

  it('places ticks at least the minimum spacing apart, labelled from the run start', () => {
    const ticks = timeTicks({ startUs: 0, endUs: 10_000_000 }, 1000, 0, 80);
    expect(ticks.length).toBeGreaterThan(5);
    for (let i = 1; i < ticks.length; i++) {
      expect((ticks[i]?.x ?? 0) - (ticks[i - 1]?.x ?? 0)).toBeGreaterThanOrEqual(80);
    }
    expect(ticks[0]?.label).toBe('0');
    expect(ticks.map((t) => t.label)).toContain('1 s');
  });

  it('labels sub-millisecond and minute scales readably', () => {
    expect(formatOffsetUs(250, 50)).toBe('0.25 ms');
    expect(formatOffsetUs(1500, 500)).toBe('1.5 ms');
    expect(formatOffsetUs(2_500_000, 500_000)).toBe('2.5 s');
    expect(formatOffsetUs(90_000_000, 30_000_000)).toBe('1m 30s');
  });
});

describe('runExtent', () => {
  const rows = [
    { start: 100, end: 5_000 },
    { start: 50, end: null },
  ];

  it('runs from the run start to now while live', () => {
    expect(runExtent(10, null, 90_000, rows)).toEqual({ startUs: 10, endUs: 90_000 });
  });

  it('falls back to the spans when the run’s own times are unknown', () => {
    expect(runExtent(null, null, null, rows)).toEqual({ startUs: 50, endUs: 5_000 });
  });

  it('is at least a millisecond long, and unknown without any time', () => {
    expect(runExtent(0, 10, null, [])).toEqual({ startUs: 0, endUs: 1000 });
    expect(runExtent(null, null, null, [])).toBeNull();
  });
});
