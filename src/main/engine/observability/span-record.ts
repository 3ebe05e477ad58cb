import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SpanRecord } from '../events';
import type { ResourceJson } from './resource';
import { hrTimeToIsoMicros } from './time';

const SPAN_KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'SpanKind.INTERNAL',
  [SpanKind.SERVER]: 'SpanKind.SERVER',
  [SpanKind.CLIENT]: 'SpanKind.CLIENT',
  [SpanKind.PRODUCER]: 'SpanKind.PRODUCER',
  [SpanKind.CONSUMER]: 'SpanKind.CONSUMER',
};

const STATUS_NAMES: Record<SpanStatusCode, SpanRecord['status']['status_code']> = {
  [SpanStatusCode.UNSET]: 'UNSET',
  [SpanStatusCode.OK]: 'OK',
  [SpanStatusCode.ERROR]: 'ERROR',
};

/** `0x`-prefixed hex, the way DAD's (Python) exporter writes ids. */
export function prefixedId(hex: string): string {
  return `0x${hex}`;
}

/** An ended span in the JSON shape of OpenTelemetry Python's `ReadableSpan.to_json`. */
export function spanToRecord(span: ReadableSpan, resource: ResourceJson): SpanRecord {
  const context = span.spanContext();
  const status: SpanRecord['status'] = { status_code: STATUS_NAMES[span.status.code] };
  if (span.status.message) status.description = span.status.message;
  return {
    name: span.name,
    context: {
      trace_id: prefixedId(context.traceId),
      span_id: prefixedId(context.spanId),
      trace_state: '[]',
    },
    kind: SPAN_KIND_NAMES[span.kind],
    parent_id: span.parentSpanContext ? prefixedId(span.parentSpanContext.spanId) : null,
    start_time: hrTimeToIsoMicros(span.startTime),
    end_time: hrTimeToIsoMicros(span.endTime),
    status,
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      timestamp: hrTimeToIsoMicros(event.time),
      attributes: event.attributes ?? {},
    })),
    links: span.links.map((link) => ({
      context: {
        trace_id: prefixedId(link.context.traceId),
        span_id: prefixedId(link.context.spanId),
        trace_state: '[]',
      },
      attributes: link.attributes ?? {},
    })),
    resource,
  };
}
