/** Runs `flush` once, at the next frame. */
export type FrameScheduler = (flush: () => void) => void;

const nextAnimationFrame: FrameScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

/**
 * Collects items as they arrive and hands them over once per animation frame, in arrival order, so
 * a burst of pushed events costs one store update and one render instead of one per event.
 */
export class FrameBatcher<T> {
  private buffer: T[] = [];
  private scheduled = false;
  private epoch = 0;

  constructor(
    private readonly apply: (items: T[]) => void,
    private readonly schedule: FrameScheduler = nextAnimationFrame,
  ) {}

  push(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) this.buffer.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    const epoch = this.epoch;
    this.schedule(() => {
      if (epoch !== this.epoch) return;
      this.flushNow();
    });
  }

  /** Applies whatever is buffered now (also what the frame callback does). */
  flushNow(): void {
    this.scheduled = false;
    if (this.buffer.length === 0) return;
    const items = this.buffer;
    this.buffer = [];
    this.apply(items);
  }

  /** Drops what is buffered, e.g. when the window stops showing the run the items belong to. */
  clear(): void {
    this.epoch++;
    this.buffer = [];
    this.scheduled = false;
  }

  get pendingCount(): number {
    return this.buffer.length;
  }
}
