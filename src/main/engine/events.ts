import type { RunEvent, RunEventListener } from '../../shared/run-events';

export type {
  SpanRecord,
  LogRecordLine,
  MetricsExportLine,
  RunEvent,
  RunEventType,
  RunEventListener,
} from '../../shared/run-events';

/**
 * The in-process bus of spec section 9. Delivery is synchronous and in order; a listener that
 * throws is reported to the error handler and never breaks the run that published.
 */
export class EventBus {
  private readonly listeners = new Set<RunEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  publish(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
