import { timestampToMicros } from './iso-micros';
import { objectOf } from './span-line';

/** What the index keeps of one log line. */
export interface LogLineFields {
  /** µs since the epoch; NaN when missing. */
  timestampUs: number;
  severityNumber: number;
  nodeId: string | null;
  traceId: string | null;
  spanId: string | null;
}

export function emptyLogFields(): LogLineFields {
  return { timestampUs: Number.NaN, severityNumber: 0, nodeId: null, traceId: null, spanId: null };
}

const SEVERITY_BY_NAME: Record<string, number> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  FATAL: 21,
  CRITICAL: 21,
};

/**
 * The severity number of a log line: a number, or what older OpenTelemetry Python wrote
 * (`"<SeverityNumber.INFO: 9>"`), or failing both, derived from the severity text.
 */
export function severityNumberOf(value: unknown, text: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const number = /(\d+)>?\s*$/.exec(value);
    if (number) return Number(number[1]);
    const name = /SeverityNumber\.([A-Z]+)/.exec(value);
    const fromName = name ? SEVERITY_BY_NAME[name[1] as string] : undefined;
    if (fromName !== undefined) return fromName;
  }
  if (typeof text === 'string') return SEVERITY_BY_NAME[text.toUpperCase()] ?? 0;
  return 0;
}

/** A trace or span id, or null for the empty and all-zero ids that mean "no span". */
export function meaningfulId(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return /^(0x)?0+$/.test(value) ? null : value;
}

/** The fields of one parsed log line (or of a live log record); false when it is not an object. */
export function logFieldsOfRecord(record: unknown, out: LogLineFields): boolean {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
  const line = record as Record<string, unknown>;
  const attributes = objectOf(line.attributes);
  out.timestampUs = timestampToMicros(line.timestamp);
  out.nodeId = typeof attributes.node_id === 'string' ? attributes.node_id : numberText(attributes.node_id);
  out.traceId = typeof line.trace_id === 'string' ? line.trace_id : null;
  out.spanId = typeof line.span_id === 'string' ? line.span_id : null;
  finish(
    out,
    line.severity_number,
    typeof line.severity_text === 'string' ? line.severity_text : null,
    timestampToMicros(line.observed_timestamp),
    typeof attributes.trace_id === 'string' ? attributes.trace_id : null,
    typeof attributes.span_id === 'string' ? attributes.span_id : null,
  );
  return true;
}

function finish(
  out: LogLineFields,
  severityValue: unknown,
  severityText: string | null,
  observedUs: number,
  attributeTraceId: string | null,
  attributeSpanId: string | null,
): void {
  out.severityNumber = severityNumberOf(severityValue, severityText);
  if (Number.isNaN(out.timestampUs)) out.timestampUs = observedUs;
  out.traceId = meaningfulId(out.traceId) ?? meaningfulId(attributeTraceId);
  out.spanId = meaningfulId(out.spanId) ?? meaningfulId(attributeSpanId);
}

function numberText(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}
