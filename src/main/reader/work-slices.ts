/** How long reading a large file may hold the event loop before it lets other calls in. */
export const SLICE_MS = 2;

/**
 * Cuts long synchronous work into slices: `due()` says the slice is used up, `pause()` lets
 * whatever waits on the event loop (a call about another run, a signal) go first. `setImmediate`
 * and not a resolved promise: microtasks would run before any I/O, so nothing would get in.
 */
export class WorkSlices {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

/**
 * Work written as a generator that yields wherever it may pause (each step a few ms at most), so
 * the same code runs whole when nothing else waits, or in slices when a call might.
 */
export type SteppedWork<T> = Generator<void, T, void>;

/** Runs stepped work to its end without pausing. */
export function runWhole<T>(work: SteppedWork<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs stepped work, letting other callbacks in whenever a slice is used up. */
export async function runInSlices<T>(work: SteppedWork<T>, slices = new WorkSlices()): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (slices.due()) await slices.pause();
  }
}
