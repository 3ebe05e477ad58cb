import type { RunEvent } from '../../shared/run-events';
import type { OutgoingChildMessage } from './protocol';

// Small enough that a window sees an event within a frame or two, large enough that a busy run
// sends hundreds of events per message instead of one message each.
const FLUSH_AFTER_MS = 1;
const MAX_EVENTS_PER_MESSAGE = 1000;
// The events a run emits by the thousand wait for the next batch; the others go at once, so that
// a node about to compute without yielding is already seen as started (and a run as started).
const BATCHED_TYPES = new Set<RunEvent['type']>(['node_output_delta', 'log', 'metrics']);

/** Collects the run's events and sends them to the parent in batches, in order. */
export class ChildEventSender {
  private queue: RunEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly send: (message: OutgoingChildMessage) => void) {}

  push(event: RunEvent): void {
    this.queue.push(event);
    if (this.queue.length >= MAX_EVENTS_PER_MESSAGE || !BATCHED_TYPES.has(event.type)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    this.send({ type: 'events', events });
  }
}
