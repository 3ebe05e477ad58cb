import { microsToIso } from '../iso-micros';

/** One span of a foreign trace, in the terms of the reader's trace lines. Ids are bare lower-case hex. */
export interface ImportedSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  name: string;
  /** `SpanKind.SERVER` and so on; null when the source does not say. */
  kind: string | null;
  traceState: string;
  /** µs since the epoch. */
  startUs: number;
  /** null when the source has no end time. */
  endUs: number | null;
  statusCode: 'OK' | 'ERROR' | 'UNSET';
  statusDescription: string | null;
  attributes: Record<string, unknown>;
  events: { name: string; timeUs: number | null; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, unknown> }[];
  /** The span's resource as JSON text, made once and shared by the spans of one resource. */
  resourceJson: string | null;
  /** The resource's `service.name`. */
  serviceName: string | null;
}

/** The span as one `trace.jsonl` line (without the newline), in the shape OpenTelemetry Python writes. */
export function spanLineText(span: ImportedSpan): string {
  const line = JSON.stringify({
    name: span.name,
    context: { trace_id: `0x${span.traceId}`, span_id: `0x${span.spanId}`, trace_state: span.traceState },
    kind: span.kind,
    parent_id: span.parentId === null ? null : `0x${span.parentId}`,
    start_time: microsToIso(span.startUs),
    end_time: span.endUs === null ? null : microsToIso(span.endUs),
    status:
      span.statusDescription === null
        ? { status_code: span.statusCode }
        : { status_code: span.statusCode, description: span.statusDescription },
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      timestamp: event.timeUs === null ? null : microsToIso(event.timeUs),
      attributes: event.attributes,
    })),
    links: span.links.map((link) => ({
      context: { trace_id: `0x${link.traceId}`, span_id: `0x${link.spanId}`, trace_state: link.traceState },
      attributes: link.attributes,
    })),
  });
  return span.resourceJson === null ? line : `${line.slice(0, -1)},"resource":${span.resourceJson}}`;
}

/** `SpanKind.<NAME>` from OTLP's number or enum name, or Jaeger's `span.kind` tag; null for unspecified. */
export function spanKindName(value: unknown): string | null {
  const names = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
  let name: string | undefined;
  if (typeof value === 'number') name = names[value];
  else if (typeof value === 'string') name = value.replace(/^SPAN_KIND_/, '').toUpperCase();
  return name !== undefined && name !== 'UNSPECIFIED' && names.includes(name) ? `SpanKind.${name}` : null;
}
