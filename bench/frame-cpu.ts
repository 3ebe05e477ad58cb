/**
 * Main-thread CPU time per frame from a Chrome trace: the work a frame cost, apart from the time
 * the thread waited for a CPU. On a busy machine the wall-clock frame cost grows with the wait;
 * this figure only grows with the work, so the two side by side tell contention from extra work.
 *
 * A frame is one `ProxyMain::BeginMainFrame` of the marks' thread that was not aborted; it is
 * charged the thread time (`tdur`) of every top-level task (`ThreadControllerImpl::RunTask`) that
 * ended after the previous frame ended and no later than its own end, its own task included.
 */

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/** Main-thread CPU milliseconds per frame between two `performance.mark`s of the page, in order. */
export function frameCpuBetween(traceJson: string, startMark: string, endMark: string): number[] {
  const events = traceEventsOf(traceJson);
  const start = events.find((event) => event.name === startMark);
  const end = events.find((event) => event.name === endMark);
  if (!start || !end) throw new Error(`the trace lacks the mark "${start ? endMark : startMark}"`);
  const complete = (name: string) =>
    events
      .filter(
        (event) =>
          event.name === name && event.ph === 'X' && event.pid === start.pid && event.tid === start.tid,
      )
      .sort((a, b) => a.ts - b.ts);
  const tasks = topLevel(complete('ThreadControllerImpl::RunTask'));
  if (tasks.some((task) => task.tdur === undefined)) {
    throw new Error('the trace records no thread time (tdur) for the main-thread tasks');
  }
  const aborted = complete('MainFrameAborted');
  const frames = complete('ProxyMain::BeginMainFrame').filter(
    (frame) => !aborted.some((abort) => abort.ts >= frame.ts && abort.ts <= endOf(frame)),
  );
  // Frames ending this long after the end mark still count, as the wall-clock figures do.
  const lastFrameEnd = end.ts + 50_000;
  const cpuMs: number[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  let next = 0;
  for (const frame of frames) {
    const frameEnd = endOf(frame);
    const from = previousEnd;
    previousEnd = frameEnd;
    if (frameEnd <= start.ts) continue;
    if (frameEnd > lastFrameEnd) break;
    let cpu = 0;
    while (next < tasks.length && endOf(tasks[next] as TraceEvent) <= frameEnd) {
      const task = tasks[next++] as TraceEvent;
      if (endOf(task) > Math.max(from, start.ts)) cpu += task.tdur ?? 0;
    }
    cpuMs.push(cpu / 1000);
  }
  return cpuMs;
}

function endOf(event: TraceEvent): number {
  return event.ts + (event.dur ?? 0);
}

function traceEventsOf(traceJson: string): TraceEvent[] {
  const parsed = JSON.parse(traceJson) as TraceEvent[] | { traceEvents?: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  if (!Array.isArray(events)) throw new Error('the trace has no traceEvents array');
  return events;
}

/** Drops tasks run inside another (a nested run loop), whose time the outer one already counts. */
function topLevel(sorted: readonly TraceEvent[]): TraceEvent[] {
  const kept: TraceEvent[] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const task of sorted) {
    if (task.ts < reach) continue;
    kept.push(task);
    reach = endOf(task);
  }
  return kept;
}
