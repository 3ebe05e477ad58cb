import { describe, expect, it } from 'vitest';
import { FrameBatcher } from './frame-batcher';

/** A frame clock the test advances by hand. */
function manualFrames() {
  const queued: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => void queued.push(flush),
    runFrame: () => queued.splice(0).forEach((flush) => flush()),
    get scheduledCount() {
      return queued.length;
    },
  };
}

describe('FrameBatcher', () => {
  it('applies everything pushed before a frame once, in arrival order', () => {
    const frames = manualFrames();
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items), frames.schedule);
    batcher.push([1, 2]);
    batcher.push([3]);
    batcher.push([4, 5]);
    expect(applied).toEqual([]);
    expect(frames.scheduledCount).toBe(1);
    frames.runFrame();
    expect(applied).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('schedules a new frame for items pushed after a flush', () => {
    const frames = manualFrames();
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items), frames.schedule);
    batcher.push([1]);
    frames.runFrame();
    batcher.push([2]);
    frames.runFrame();
    frames.runFrame();
    expect(applied).toEqual([[1], [2]]);
  });

  it('drops what was buffered when cleared, and a stale frame applies nothing', () => {
    const frames = manualFrames();
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items), frames.schedule);
    batcher.push([1, 2]);
    batcher.clear();
    frames.runFrame();
    expect(applied).toEqual([]);
    batcher.push([3]);
    frames.runFrame();
    expect(applied).toEqual([[3]]);
  });

  it('loses nothing across 10,000 pushes in one frame', () => {
    const frames = manualFrames();
    let count = 0;
    let calls = 0;
    const batcher = new FrameBatcher<number>((items) => {
      calls++;
      count += items.length;
    }, frames.schedule);
    for (let i = 0; i < 10_000; i++) batcher.push([i]);
    frames.runFrame();
    expect({ count, calls }).toEqual({ count: 10_000, calls: 1 });
  });
});
