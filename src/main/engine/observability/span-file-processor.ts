import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { EventBus } from '../events';
import type { WriteBehindWriter } from '../io/write-behind';
import type { ResourceJson } from './resource';
import { prefixedId, spanToRecord } from './span-record';
import { hrTimeToIsoMicros } from './time';

/**
 * Writes each ended span as one line of `trace.jsonl` and announces spans on the event bus as they
 * start and end. It hands lines straight to the write-behind writer, which already batches, so no
 * span waits on the disk.
 */
export class SpanFileProcessor implements SpanProcessor {
  private stopped = false;

  constructor(
    private readonly runId: string,
    private readonly tracePath: string,
    private readonly resource: ResourceJson,
    private readonly writer: WriteBehindWriter,
    private readonly bus: EventBus,
  ) {}

  onStart(span: Span, _parentContext: Context): void {
    if (this.stopped || !this.bus.hasListeners) return;
    const context = span.spanContext();
    this.bus.publish({
      type: 'span_started',
      runId: this.runId,
      name: span.name,
      traceId: prefixedId(context.traceId),
      spanId: prefixedId(context.spanId),
      parentId: span.parentSpanContext ? prefixedId(span.parentSpanContext.spanId) : null,
      startTime: hrTimeToIsoMicros(span.startTime),
      attributes: { ...span.attributes },
    });
  }

  onEnd(span: ReadableSpan): void {
    if (this.stopped) return;
    const record = spanToRecord(span, this.resource);
    this.writer.appendLine(this.tracePath, JSON.stringify(record));
    this.bus.publish({ type: 'span_ended', runId: this.runId, span: record });
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
