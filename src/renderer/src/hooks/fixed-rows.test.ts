import { describe, expect, it } from 'vitest';
import { fixedRowWindow, scrollTopToEnd } from './fixed-rows';

describe('the rows of a long list on screen', () => {
  it('are those under the viewport, with the overscan, drawn at their own offsets', () => {
    const rows = fixedRowWindow({
      scrollTop: 220,
      viewportHeight: 110,
      count: 1000,
      rowHeight: 22,
      overscan: 2,
    });
    expect([rows.first, rows.last]).toEqual([8, 17]);
    expect(rows.scrollHeight).toBe(22_000);
    expect(rows.topOf(10)).toBe(220);
  });

  it('stop at the ends of the list', () => {
    expect(
      fixedRowWindow({ scrollTop: 0, viewportHeight: 500, count: 3, rowHeight: 22, overscan: 5 }),
    ).toMatchObject({
      first: 0,
      last: 2,
    });
    const none = fixedRowWindow({ scrollTop: 0, viewportHeight: 500, count: 0, rowHeight: 22, overscan: 5 });
    expect(none.last).toBeLessThan(none.first);
  });

  it('map the scroll position onto ten million rows within what a browser can scroll', () => {
    const count = 10_000_000;
    const viewportHeight = 440;
    const maxScrollHeight = 1_000_000;
    const top = fixedRowWindow({
      scrollTop: 0,
      viewportHeight,
      count,
      rowHeight: 22,
      overscan: 0,
      maxScrollHeight,
    });
    expect(top.first).toBe(0);
    expect(top.scrollHeight).toBe(maxScrollHeight);
    const end = scrollTopToEnd(count - 1, { viewportHeight, count, rowHeight: 22, maxScrollHeight });
    const bottom = fixedRowWindow({
      scrollTop: end,
      viewportHeight,
      count,
      rowHeight: 22,
      overscan: 0,
      maxScrollHeight,
    });
    expect(bottom.last).toBe(count - 1);
    // The last row sits at the bottom of the viewport.
    expect(bottom.topOf(count - 1) - end).toBeCloseTo(viewportHeight - 22, 5);
  });

  it('scroll to the last row of a short list like the browser would', () => {
    expect(scrollTopToEnd(99, { viewportHeight: 220, count: 100, rowHeight: 22 })).toBe(2200 - 220);
    expect(scrollTopToEnd(3, { viewportHeight: 220, count: 4, rowHeight: 22 })).toBe(0);
  });
});
