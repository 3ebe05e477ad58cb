import type { EventBatch, PushedEvent } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';

/**
 * What one pushed message may weigh (UTF-8 bytes of its JSON): more events go out as several
 * messages, in order. An event bigger than this on its own goes alone (events are never dropped).
 */
export const EVENT_MESSAGE_MAX_BYTES = 1024 * 1024;

/**
 * Coalesces pushed events so a window gets at most one message per interval, however fast a run
 * emits: run events for one run are concatenated, list and project updates keep only the newest
 * (and a run's reading progress the newest of each state), notices and commands all go, in order.
 */
export class EventBatcher {
  private pending: PushedEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (batch: EventBatch) => void,
    private readonly intervalMs = 33,
    private readonly maxBytes = EVENT_MESSAGE_MAX_BYTES,
  ) {}

  push(event: PushedEvent): void {
    const last = this.pending.at(-1);
    if (event.type === 'run.events') {
      // Pending run batches are the batcher's own copies, so appending in place is safe (and O(1)).
      if (last?.type === 'run.events' && last.runId === event.runId) last.events.push(...event.events);
      else this.pending.push({ ...event, events: [...event.events] });
    } else if (event.type === 'runs.changed' || event.type === 'project.changed') {
      // A newer runs list or project replaces the one still waiting.
      this.pending = this.pending.filter((queued) => queued.type !== event.type);
      this.pending.push(event);
    } else if (event.type === 'run.indexing') {
      // Where reading of a run stands now replaces where it stood (its state changes are kept in
      // order); once it ended, a late word that it is still reading is dropped.
      const ended = this.pending.some(
        (queued) =>
          queued.type === 'run.indexing' &&
          queued.runId === event.runId &&
          queued.indexing.state !== 'reading',
      );
      if (ended && event.indexing.state === 'reading') return;
      const replaced = this.pending.findIndex(
        (queued) =>
          queued.type === 'run.indexing' &&
          queued.runId === event.runId &&
          queued.indexing.state === event.indexing.state &&
          queued.indexing.previewSpans === event.indexing.previewSpans,
      );
      if (replaced >= 0) this.pending.splice(replaced, 1);
      this.pending.push(event);
    } else {
      // Notices and commands each mean something: every one is sent, in order.
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
    for (const batch of messagesOf(events, this.maxBytes)) this.send(batch);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** The pushed events in messages of at most `maxBytes`, a run's events split between them in order. */
function messagesOf(pending: PushedEvent[], maxBytes: number): EventBatch[] {
  const messages: EventBatch[] = [];
  let current: PushedEvent[] = [];
  // The message's own JSON ({"events":[]}) and each event's comma are counted roughly, as slack.
  let bytes = 16;
  const close = () => {
    if (current.length > 0) messages.push({ events: current });
    current = [];
    bytes = 16;
  };
  const room = (size: number) => {
    if (bytes + size > maxBytes) close();
    bytes += size + 1;
  };
  for (const pushed of pending) {
    if (pushed.type !== 'run.events') {
      room(jsonBytes(pushed));
      current.push(pushed);
      continue;
    }
    // Each message that carries part of the run's events carries its own run.events envelope.
    const envelope = jsonBytes({ ...pushed, events: [] });
    let part: RunEvent[] | null = null;
    for (const event of pushed.events) {
      const size = jsonBytes(event);
      const before = current;
      room(part === null ? envelope + size : size);
      if (part === null || current !== before) {
        if (part !== null) bytes += envelope;
        part = [];
        current.push({ type: 'run.events', runId: pushed.runId, events: part });
      }
      part.push(event);
    }
  }
  close();
  return messages;
}
