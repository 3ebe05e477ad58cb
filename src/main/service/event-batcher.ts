import type { EventBatch, PushedEvent } from '../../shared/contract';

/**
 * Coalesces pushed events so a window gets at most one message per interval, however fast a run
 * emits: run events for one run are concatenated, list and project updates keep only the newest.
 */
export class EventBatcher {
  private pending: PushedEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (batch: EventBatch) => void,
    private readonly intervalMs = 33,
  ) {}

  push(event: PushedEvent): void {
    const last = this.pending.at(-1);
    if (event.type === 'run.events') {
      // Pending run batches are the batcher's own copies, so appending in place is safe (and O(1)).
      if (last?.type === 'run.events' && last.runId === event.runId) last.events.push(...event.events);
      else this.pending.push({ ...event, events: [...event.events] });
    } else {
      // A newer runs list or project replaces the one still waiting.
      this.pending = this.pending.filter((queued) => queued.type !== event.type);
      this.pending.push(event);
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.send({ events });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
