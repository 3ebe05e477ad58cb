import { describe, expect, it } from 'vitest';
import { frameCostsBetween, frameCpuMsOf } from './browser-trace';

const frameCpuBetween = (trace: string, startMark: string, endMark: string) =>
  frameCpuMsOf(frameCostsBetween(trace, startMark, endMark));

const MAIN = { pid: 1, tid: 1 };

function mark(name: string, ts: number) {
  return { name, ph: 'R', ...MAIN, ts };
}
/** A complete event: `ts` and `dur` in µs, `tdur` the thread (CPU) time within it. */
function complete(name: string, ts: number, dur: number, tdur = dur) {
  return { name, ph: 'X', ...MAIN, ts, dur, tdur };
}
const task = (ts: number, dur: number, tdur?: number) =>
  complete('ThreadControllerImpl::RunTask', ts, dur, tdur);
const frame = (ts: number, dur: number) => complete('ProxyMain::BeginMainFrame', ts, dur);

describe('main-thread CPU per frame', () => {
  it('charges each frame the CPU time of the tasks that ended since the last frame, not their wall time', () => {
    const trace = JSON.stringify({
      traceEvents: [
        mark('start', 1_000),
        // Frame 1: an input task that waited for a CPU (10 ms wall, 2 ms CPU), then the frame itself.
        task(2_000, 10_000, 2_000),
        task(14_000, 3_000, 3_000),
        frame(14_000, 3_000),
        // Frame 2: the frame's task only, with a task on another thread that does not count.
        { ...task(20_000, 5_000, 5_000), tid: 2 },
        task(30_000, 1_000, 500),
        frame(30_000, 1_000),
        mark('end', 40_000),
        // Long after the end mark: not part of the gesture.
        task(200_000, 1_000),
        frame(200_000, 1_000),
      ],
    });
    expect(frameCpuBetween(trace, 'start', 'end')).toEqual([5, 0.5]);
  });

  it('skips frames that were aborted and tasks nested in another', () => {
    const trace = JSON.stringify([
      mark('start', 0),
      task(1_000, 4_000, 4_000),
      // Nested inside the task above: its time is already counted.
      task(2_000, 1_000, 1_000),
      frame(1_000, 4_000),
      task(10_000, 1_000, 1_000),
      frame(10_000, 1_000),
      complete('MainFrameAborted', 10_500, 10),
      task(20_000, 2_000, 2_000),
      frame(20_000, 2_000),
      mark('end', 30_000),
    ]);
    // The aborted frame's task counts toward the next frame, which it led to.
    expect(frameCpuBetween(trace, 'start', 'end')).toEqual([4, 3]);
  });

  it('says what is missing from a trace it cannot read', () => {
    expect(() => frameCpuBetween(JSON.stringify([mark('start', 0)]), 'start', 'end')).toThrow(/"end"/);
    const noThreadTime = JSON.stringify([
      mark('start', 0),
      { ...task(1_000, 1_000), tdur: undefined },
      frame(1_000, 1_000),
      mark('end', 5_000),
    ]);
    expect(() => frameCpuBetween(noThreadTime, 'start', 'end')).toThrow(/thread time/);
  });
});
