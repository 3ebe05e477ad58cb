import { numberOf, totalTokensOf } from './attribute-values';
import { modelCallUsageOf } from './genai-usage';
import { timestampToMicros } from './iso-micros';

/** What the index keeps of one trace line. */
export interface SpanLineFields {
  name: string | null;
  traceId: string | null;
  spanId: string | null;
  parentId: string | null;
  /** µs since the epoch; NaN when missing. */
  startUs: number;
  endUs: number;
  statusCode: SpanStatusName;
  nodeId: string | null;
  nodeType: string | null;
  nodeHierarchy: string | null;
  componentId: string | null;
  componentType: string | null;
  componentHierarchy: string | null;
  /** NaN when the span has none. */
  cost: number;
  tokens: number;
  hasException: boolean;
  /** A call to a model described by another tool's conventions (`gen_ai.*`, OpenInference). */
  modelCall: boolean;
  /** The resource's `service.name`: which service of a traced system made the span. */
  serviceName: string | null;
}

export type SpanStatusName = 'OK' | 'ERROR' | 'UNSET';

export function emptySpanFields(): SpanLineFields {
  return {
    name: null,
    traceId: null,
    spanId: null,
    parentId: null,
    startUs: Number.NaN,
    endUs: Number.NaN,
    statusCode: 'UNSET',
    nodeId: null,
    nodeType: null,
    nodeHierarchy: null,
    componentId: null,
    componentType: null,
    componentHierarchy: null,
    cost: Number.NaN,
    tokens: Number.NaN,
    hasException: false,
    modelCall: false,
    serviceName: null,
  };
}

function reset(out: SpanLineFields): void {
  out.name = out.traceId = out.spanId = out.parentId = null;
  out.startUs = out.endUs = out.cost = out.tokens = Number.NaN;
  out.statusCode = 'UNSET';
  out.nodeId = out.nodeType = out.nodeHierarchy = null;
  out.componentId = out.componentType = out.componentHierarchy = null;
  out.hasException = false;
  out.modelCall = false;
  out.serviceName = null;
}

/** `OK`, `ERROR`, `UNSET` from the names and numbers different exporters write. */
export function statusNameOf(value: unknown): SpanStatusName {
  if (typeof value === 'number') return value === 1 ? 'OK' : value === 2 ? 'ERROR' : 'UNSET';
  if (value === 'OK' || value === 'ERROR' || value === 'UNSET') return value;
  if (typeof value !== 'string') return 'UNSET';
  const name = value.startsWith('StatusCode.') ? value.slice(11) : value.replace(/^STATUS_CODE_/, '');
  return name === 'OK' || name === 'ERROR' ? name : 'UNSET';
}

/** The fields of one parsed trace line (or of a live span's record); false when it is not an object. */
export function spanFieldsOfRecord(record: unknown, out: SpanLineFields): boolean {
  reset(out);
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
  const span = record as Record<string, unknown>;
  out.name = textOf(span.name);
  const context = objectOf(span.context);
  out.traceId = textOf(context.trace_id);
  out.spanId = textOf(context.span_id);
  out.parentId = textOf(span.parent_id);
  out.startUs = timestampToMicros(span.start_time);
  out.endUs = timestampToMicros(span.end_time);
  out.statusCode = statusNameOf(objectOf(span.status).status_code);
  out.serviceName = textOf(objectOf(objectOf(span.resource).attributes)['service.name']);
  readAttributes(objectOf(span.attributes), out);
  if (Array.isArray(span.events)) {
    out.hasException = span.events.some((event) => objectOf(event).name === 'exception');
  }
  return true;
}

/** Fills the attribute-derived fields from an attribute map. */
export function readAttributes(attributes: Record<string, unknown>, out: SpanLineFields): void {
  out.nodeId = textOf(attributes['dad.generic.node_id']);
  out.nodeType = textOf(attributes['dad.generic.node_type']);
  out.nodeHierarchy = textOf(attributes['dad.generic.node_hierarchy']);
  out.componentId = textOf(attributes['dad.generic.component_id']);
  out.componentType = textOf(attributes['dad.generic.component_type']);
  out.componentHierarchy = textOf(attributes['dad.generic.component_hierarchy']);
  out.cost = numberOf(attributes['dad.node_internal.cost']);
  out.tokens = totalTokensOf(attributes['dad.result.token_usage']);
  // A DAD node says its own usage; another tool's model call says it by its conventions.
  if (out.nodeId !== null) return;
  const call = modelCallUsageOf(attributes);
  if (call === null) return;
  out.modelCall = true;
  out.tokens = call.totalTokens;
  out.cost = call.cost;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
