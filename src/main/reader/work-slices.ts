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
