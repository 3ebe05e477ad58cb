import { describe, expect, it } from 'vitest';
import { restoredBounds, type SavedWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1410 };

function saved(bounds: Partial<SavedWindowState>): SavedWindowState {
  return { x: 100, y: 80, width: 1400, height: 900, isMaximized: false, ...bounds };
}

describe('restoredBounds', () => {
  it('opens a first start at the default size, centred on the primary display', () => {
    expect(restoredBounds(null, [laptop, rightMonitor])).toEqual({
      bounds: { x: 320, y: 115, width: 1280, height: 820 },
      isMaximized: false,
    });
  });

  it('puts the window back where it was, on whichever display that is, maximized or not', () => {
    const onMonitor = saved({ x: 2100, y: 200, isMaximized: true });
    expect(restoredBounds(onMonitor, [laptop, rightMonitor])).toEqual({
      bounds: { x: 2100, y: 200, width: 1400, height: 900 },
      isMaximized: true,
    });
  });

  it('centres the window on the primary display when its monitor was unplugged', () => {
    const onMonitor = saved({ x: 2100, y: 200, width: 1600, height: 1000 });
    expect(restoredBounds(onMonitor, [laptop])).toEqual({
      bounds: { x: 160, y: 25, width: 1600, height: 1000 },
      isMaximized: false,
    });
  });

  it('does not keep a window whose title bar is off every display', () => {
    const aboveTheScreen = saved({ y: -600 });
    const barelyOnTheLeftEdge = saved({ x: -1380 });
    expect(restoredBounds(aboveTheScreen, [laptop]).bounds).toEqual({
      x: 260,
      y: 75,
      width: 1400,
      height: 900,
    });
    expect(restoredBounds(barelyOnTheLeftEdge, [laptop]).bounds.x).toBe(260);
  });

  it('shrinks a window larger than its display, and never below the minimum size', () => {
    const small = { x: 0, y: 0, width: 1366, height: 728 };
    expect(restoredBounds(saved({ x: 0, y: 0, width: 2400, height: 1400 }), [small]).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
    });
    expect(restoredBounds(saved({ width: 200, height: 100 }), [laptop]).bounds).toMatchObject({
      width: 720,
      height: 480,
    });
  });
});
