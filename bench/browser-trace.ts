/**
 * Per-frame main-thread cost from a Chrome trace (Trace Event Format JSON, as Playwright's
 * `browser.stopTracing()` returns it).
 *
 * A frame is one `ProxyMain::BeginMainFrame` of the page's renderer main thread that was not
 * aborted (aborted ones had nothing to update and produce no frame). Its cost is the main-thread
 * time of every top-level task (`ThreadControllerImpl::RunTask`) between the end of the previous
 * frame and its own end: the input and scroll handlers, React's renders, socket messages and the
 * requestAnimationFrame canvas drawing that led to it, then style, layout, paint and commit. Idle
 * time between tasks is not counted, so under 16.7 ms the main thread keeps up with 60 frames a
 * second whatever the display's pacing.
 */

/** What the tracing must record for {@link frameCostsBetween}: tasks, frames and the page's marks. */
export const FRAME_TRACE_CATEGORIES = ['toplevel', 'benchmark', 'blink.user_timing'];

/** Frames ending this long after the end mark still count: they show the gesture's last input. */
const END_GRACE_US = 50_000;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time within it, µs, when the trace records it. */
  tdur?: number;
}

interface Span {
  start: number;
  end: number;
  cpu: number | null;
}

export interface FrameCosts {
  /** Main-thread milliseconds per frame, in order. */
  frameMs: number[];
  /**
   * Main-thread CPU milliseconds per frame: the thread time of the top-level tasks that ended
   * since the previous frame ended, its own task included. The wall-clock cost grows with waiting
   * for a CPU on a busy machine, this only with the work. Null when the trace has no thread time.
   */
  frameCpuMs: number[] | null;
  /** From the start mark to the end mark. */
  windowMs: number;
}

export function frameCostsBetween(traceJson: string, startMark: string, endMark: string): FrameCosts {
  const events = traceEventsOf(traceJson);
  const start = events.find((event) => event.name === startMark);
  const end = events.find((event) => event.name === endMark);
  if (!start || !end) {
    throw new Error(
      `the trace has no ${start ? '' : `"${startMark}" `}${end ? '' : `"${endMark}" `}mark ` +
        '(performance.mark in the page, category blink.user_timing)',
    );
  }
  const onMainThread = (event: TraceEvent) => event.pid === start.pid && event.tid === start.tid;
  const complete = (name: string) =>
    events
      .filter((event) => event.name === name && event.ph === 'X' && onMainThread(event))
      .map((event) => ({ start: event.ts, end: event.ts + (event.dur ?? 0), cpu: event.tdur ?? null }))
      .sort((a, b) => a.start - b.start);

  const tasks = topLevel(complete('ThreadControllerImpl::RunTask'));
  const aborted = complete('MainFrameAborted');
  const frames = complete('ProxyMain::BeginMainFrame').filter(
    (frame) => !aborted.some((abort) => abort.start >= frame.start && abort.start <= frame.end),
  );
  if (tasks.length === 0 || frames.length === 0) {
    throw new Error(
      `the trace has ${tasks.length} main-thread tasks and ${frames.length} frames on the thread of the marks: ` +
        `were the categories ${FRAME_TRACE_CATEGORIES.join(', ')} recorded?`,
    );
  }

  const frameMs: number[] = [];
  const frameCpuMs: number[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  let firstTask = 0;
  let nextEnded = 0;
  for (const frame of frames) {
    const from = Math.max(previousEnd, start.ts);
    previousEnd = frame.end;
    if (frame.end <= start.ts) continue;
    if (frame.end > end.ts + END_GRACE_US) break;
    while (firstTask < tasks.length && (tasks[firstTask] as Span).end <= from) firstTask++;
    let busy = 0;
    for (let i = firstTask; i < tasks.length; i++) {
      const task = tasks[i] as Span;
      if (task.start >= frame.end) break;
      busy += Math.max(0, Math.min(task.end, frame.end) - Math.max(task.start, from));
    }
    frameMs.push(busy / 1000);
    let cpu = 0;
    while (nextEnded < tasks.length && (tasks[nextEnded] as Span).end <= frame.end) {
      const task = tasks[nextEnded++] as Span;
      if (task.end > from) cpu += task.cpu ?? 0;
    }
    frameCpuMs.push(cpu / 1000);
  }
  const threadTime = tasks.every((task) => task.cpu !== null);
  return { frameMs, frameCpuMs: threadTime ? frameCpuMs : null, windowMs: (end.ts - start.ts) / 1000 };
}

/** The CPU milliseconds per frame, or an error saying the trace has no thread time. */
export function frameCpuMsOf(costs: FrameCosts): number[] {
  if (costs.frameCpuMs === null)
    throw new Error('the trace records no thread time (tdur) for the main-thread tasks');
  return costs.frameCpuMs;
}

function traceEventsOf(traceJson: string): TraceEvent[] {
  const parsed = JSON.parse(traceJson) as TraceEvent[] | { traceEvents?: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  if (!Array.isArray(events)) throw new Error('the trace has no traceEvents array');
  return events;
}

/** Drops tasks run inside another (a nested run loop), whose time the outer one already counts. */
function topLevel(sorted: readonly Span[]): Span[] {
  const kept: Span[] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const task of sorted) {
    if (task.start < reach) continue;
    kept.push(task);
    reach = task.end;
  }
  return kept;
}
