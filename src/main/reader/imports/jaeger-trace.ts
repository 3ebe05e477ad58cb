import { objectOf } from '../span-line';
import type { SourcePlace } from './import-error';
import type { ImportWarnings } from './import-warnings';
import { spanKindName, type ImportedSpan } from './imported-span';
import { badSpan, type FormatReader, type SpanSink } from './format-reader';
import { pathText, type JsonStreamHandlers, type PathStep, type Selection } from './json-value-stream';
import { jaegerMicros, tagMap } from './jaeger-values';
import { hexId, isAbsentId, SPAN_ID_FORM, TRACE_ID_FORM } from './trace-ids';
import { notValid, valueShape } from './value-shape';

export const JAEGER_TRACE_KEYS = new Set<PathStep>(['traceID', 'spans', 'processes']);

/**
 * How many steps of the path lead to a trace object: `{"data": [trace, …]}` (the query API and the
 * UI's download), a bare array of traces, or one bare trace. -1 when the path is in none.
 */
function traceDepthOf(path: readonly PathStep[]): number {
  if (path.length < 2) return -1;
  const first = path[1];
  if (first === 'data') return path.length >= 3 && typeof path[2] === 'number' ? 3 : -1;
  if (typeof first === 'number') return 2;
  return JAEGER_TRACE_KEYS.has(first) || first === 'warnings' ? 1 : -1;
}

type Role = 'container' | 'traceField' | 'spans' | 'span' | 'other';

function roleOf(path: readonly PathStep[]): Role {
  if (path.length === 1) return 'container';
  if (path.length === 2 && (path[1] === 'data' || typeof path[1] === 'number')) return 'container';
  const depth = traceDepthOf(path);
  if (depth < 0) return 'other';
  const key = path[depth];
  switch (path.length - depth) {
    case 0:
      return 'container';
    case 1:
      if (key === 'spans') return 'spans';
      return key === 'traceID' || key === 'processes' || key === 'warnings' ? 'traceField' : 'other';
    case 2:
      return key === 'spans' ? 'span' : 'other';
    default:
      return 'other';
  }
}

interface Process {
  serviceName: string | null;
  json: string;
}

interface TraceContext {
  traceId: string | null;
  processes: Map<string, Process>;
}

/** Reads Jaeger's JSON traces (`/api/traces` answers and the UI's "download JSON"), old and new shapes. */
export function jaegerReader(file: string, warnings: ImportWarnings): FormatReader {
  const traces = new Map<string, TraceContext>();
  const traceKey = (path: readonly PathStep[]): string => path.slice(0, traceDepthOf(path)).join('/');
  const traceOf = (path: readonly PathStep[]): TraceContext => {
    const key = traceKey(path);
    let trace = traces.get(key);
    if (!trace) {
      trace = { traceId: null, processes: new Map() };
      traces.set(key, trace);
    }
    return trace;
  };

  const contextHandlers = (): JsonStreamHandlers => ({
    select(path): Selection {
      const role = roleOf(path);
      // Spans are walked past one by one (not as one array) so that a cut names the span.
      if (role === 'container' || role === 'spans') return 'descend';
      return role === 'traceField' ? 'capture' : 'skip';
    },
    onValue(path, value, line) {
      const trace = traceOf(path);
      const key = path[path.length - 1];
      if (key === 'traceID') trace.traceId = hexId(value, 16);
      else if (key === 'processes') {
        for (const [id, process] of Object.entries(objectOf(value)))
          trace.processes.set(id, processOf(process));
      } else if (key === 'warnings' && Array.isArray(value) && value.length > 0) {
        // Counted, not quoted: their text is the file's own, like any other value in it.
        warnings.add({
          traceId: trace.traceId,
          line,
          location: pathText(path),
          message: `the trace carries ${value.length === 1 ? 'a warning' : `${value.length} warnings`} from the system that wrote it; not shown`,
        });
      }
    },
  });

  const spanHandlers = (onSpan: SpanSink): JsonStreamHandlers => ({
    select(path): Selection {
      const role = roleOf(path);
      if (role === 'container' || role === 'spans') return 'descend';
      return role === 'span' ? 'capture' : 'skip';
    },
    onValue(path, value, line) {
      const place = { line, location: pathText(path) };
      onSpan(jaegerSpanOf(value, traces.get(traceKey(path)) ?? null, file, place, warnings), place);
    },
  });

  return { contextHandlers, spanHandlers };
}

function processOf(value: unknown): Process {
  const process = objectOf(value);
  const serviceName = typeof process.serviceName === 'string' ? process.serviceName : null;
  const attributes: Record<string, unknown> = serviceName === null ? {} : { 'service.name': serviceName };
  Object.assign(attributes, tagMap(process.tags));
  return { serviceName, json: JSON.stringify({ attributes, schema_url: '' }) };
}

function jaegerSpanOf(
  value: unknown,
  trace: TraceContext | null,
  file: string,
  place: SourcePlace,
  warnings: ImportWarnings,
): ImportedSpan {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badSpan(file, place, null, 'a span must be a JSON object');
  const raw = value as Record<string, unknown>;
  const traceId = hexId(raw.traceID, 16) ?? trace?.traceId ?? null;
  if (traceId === null) {
    throw badSpan(
      file,
      place,
      'traceID',
      isAbsentId(raw.traceID) ? 'the span has no trace id' : notValid(`not ${TRACE_ID_FORM}`, raw.traceID),
    );
  }
  const spanId = hexId(raw.spanID, 8);
  if (spanId === null) {
    throw badSpan(
      file,
      place,
      'spanID',
      isAbsentId(raw.spanID) ? 'the span has no span id' : notValid(`not ${SPAN_ID_FORM}`, raw.spanID),
    );
  }
  const startUs = jaegerMicros(raw.startTime);
  if (!(startUs > 0)) {
    throw badSpan(
      file,
      place,
      'startTime',
      raw.startTime === undefined
        ? 'the span has no start time'
        : notValid('not a time in µs since the epoch (a positive integer)', raw.startTime),
    );
  }
  const duration = jaegerMicros(raw.duration);
  if (Number.isNaN(duration)) {
    warnings.add({
      traceId,
      ...place,
      message: `span 0x${spanId} has no duration; it is shown as not ended`,
    });
  }

  const tags = tagMap(raw.tags);
  if (Array.isArray(raw.warnings) && raw.warnings.length > 0) tags['jaeger.warnings'] = raw.warnings;
  const { parentId, links } = referencesOf(raw, traceId, spanId, place, warnings);
  const process = processFor(raw, trace, traceId, spanId, place, warnings);
  return {
    traceId,
    spanId,
    parentId,
    name: typeof raw.operationName === 'string' ? raw.operationName : '',
    kind: spanKindName(typeof tags['span.kind'] === 'string' ? tags['span.kind'].toUpperCase() : null),
    traceState: '',
    startUs,
    endUs: Number.isNaN(duration) ? null : startUs + duration,
    ...statusOf(tags),
    attributes: tags,
    events: (Array.isArray(raw.logs) ? raw.logs : []).map((item) => {
      const log = objectOf(item);
      const fields = tagMap(log.fields);
      const name = typeof fields.event === 'string' ? fields.event : 'log';
      if (typeof fields.event === 'string') delete fields.event;
      const timeUs = jaegerMicros(log.timestamp);
      return { name, timeUs: Number.isNaN(timeUs) ? null : timeUs, attributes: fields };
    }),
    links,
    resourceJson: process?.json ?? null,
    serviceName: process?.serviceName ?? null,
  };
}

/** Jaeger marks failure with the `error` tag; spans converted from OpenTelemetry also carry `otel.status_code`. */
function statusOf(tags: Record<string, unknown>): Pick<ImportedSpan, 'statusCode' | 'statusDescription'> {
  const otelCode = tags['otel.status_code'];
  const failed = tags.error === true || tags.error === 'true' || otelCode === 'ERROR';
  const description = tags['otel.status_description'];
  return {
    statusCode: failed ? 'ERROR' : otelCode === 'OK' ? 'OK' : 'UNSET',
    statusDescription: typeof description === 'string' && description !== '' ? description : null,
  };
}

/**
 * The parent is the first CHILD_OF reference within the trace, else the first FOLLOWS_FROM one
 * (a span that only follows another is drawn under it), else the older `parentSpanID` field. Every
 * other reference becomes a link, and so does a FOLLOWS_FROM parent, to keep what it was.
 */
function referencesOf(
  raw: Record<string, unknown>,
  traceId: string,
  spanId: string,
  place: SourcePlace,
  warnings: ImportWarnings,
): { parentId: string | null; links: ImportedSpan['links'] } {
  const references: { type: string; traceId: string; spanId: string }[] = [];
  for (const item of Array.isArray(raw.references) ? raw.references : []) {
    const reference = objectOf(item);
    const refSpan = hexId(reference.spanID, 8);
    const refTrace = reference.traceID === undefined ? traceId : hexId(reference.traceID, 16);
    if (refSpan === null || refTrace === null) {
      warnings.add({
        traceId,
        ...place,
        message: `a reference of span 0x${spanId} has no valid ids: left out`,
      });
      continue;
    }
    references.push({
      type: typeof reference.refType === 'string' ? reference.refType : 'CHILD_OF',
      traceId: refTrace,
      spanId: refSpan,
    });
  }
  const inTrace = references.filter((reference) => reference.traceId === traceId);
  const parent = inTrace.find((reference) => reference.type === 'CHILD_OF') ?? inTrace[0] ?? null;
  let parentId: string | null = parent?.spanId ?? null;
  if (parentId === null && !isAbsentId(raw.parentSpanID)) {
    parentId = hexId(raw.parentSpanID, 8);
    if (parentId === null) {
      warnings.add({
        traceId,
        ...place,
        message: `span 0x${spanId} has a parentSpanID that is not a hex span id: shown as a root`,
      });
    }
  }
  const links = references
    .filter((reference) => reference !== parent || reference.type !== 'CHILD_OF')
    .map((reference) => ({
      traceId: reference.traceId,
      spanId: reference.spanId,
      traceState: '',
      attributes: { 'jaeger.ref_type': reference.type },
    }));
  return { parentId, links };
}

function processFor(
  raw: Record<string, unknown>,
  trace: TraceContext | null,
  traceId: string,
  spanId: string,
  place: SourcePlace,
  warnings: ImportWarnings,
): Process | null {
  // Some writers put the process in the span itself.
  if (raw.process !== null && typeof raw.process === 'object') return processOf(raw.process);
  if (typeof raw.processID !== 'string') return null;
  const process = trace?.processes.get(raw.processID) ?? null;
  if (process === null) {
    warnings.add({
      traceId,
      ...place,
      message: `span 0x${spanId} names a processID (${valueShape(raw.processID)}) that the trace's processes do not list: read without a process`,
    });
  }
  return process;
}
