import { objectOf, statusNameOf } from '../span-line';
import type { SourcePlace } from './import-error';
import type { ImportWarnings } from './import-warnings';
import { spanKindName, type ImportedSpan } from './imported-span';
import { badSpan, fieldOf, type FormatReader, type SpanSink } from './format-reader';
import { pathText, type JsonStreamHandlers, type PathStep, type Selection } from './json-value-stream';
import { attributeMap, nanosToMicros } from './otlp-values';
import { hexId, isAbsentId, SPAN_ID_FORM, TRACE_ID_FORM } from './trace-ids';
import { notValid } from './value-shape';

export const RESOURCE_SPANS_KEYS = new Set<PathStep>(['resourceSpans', 'resource_spans']);
const SCOPE_SPANS_KEYS = new Set<PathStep>([
  'scopeSpans',
  'scope_spans',
  // Before OTLP 1.0.
  'instrumentationLibrarySpans',
  'instrumentation_library_spans',
]);
const SCOPE_KEYS = new Set<PathStep>(['scope', 'instrumentationLibrary', 'instrumentation_library']);
const OTHER_SIGNALS = new Map<PathStep, string>([
  ['resourceMetrics', 'metrics'],
  ['resource_metrics', 'metrics'],
  ['resourceLogs', 'logs'],
  ['resource_logs', 'logs'],
  ['resourceProfiles', 'profiles'],
]);

type Role = 'container' | 'resource' | 'schemaUrl' | 'scope' | 'spans' | 'span' | 'other';

/** Index in the path of the `resourceSpans` element (after an optional `result` wrapper, as Jaeger's API v3 answers), or -1. */
function resourceStepOf(path: readonly PathStep[]): number {
  if (path.length >= 2 && RESOURCE_SPANS_KEYS.has(path[1] as PathStep)) return 2;
  if (path.length >= 3 && path[1] === 'result' && RESOURCE_SPANS_KEYS.has(path[2] as PathStep)) return 3;
  return -1;
}

function roleOf(path: readonly PathStep[]): Role {
  if (path.length === 1) return 'container';
  if (path.length === 2)
    return path[1] === 'result' || RESOURCE_SPANS_KEYS.has(path[1] as PathStep) ? 'container' : 'other';
  const at = resourceStepOf(path);
  if (at < 0) return 'other';
  const key = path[at + 1];
  switch (path.length - at) {
    case 0:
    case 1:
      return 'container';
    case 2:
      if (key === 'resource') return 'resource';
      if (key === 'schemaUrl' || key === 'schema_url') return 'schemaUrl';
      return SCOPE_SPANS_KEYS.has(key as PathStep) ? 'container' : 'other';
    case 3:
      return SCOPE_SPANS_KEYS.has(key as PathStep) ? 'container' : 'other';
    case 4:
      if (!SCOPE_SPANS_KEYS.has(key as PathStep)) return 'other';
      if (SCOPE_KEYS.has(path[at + 3] as PathStep)) return 'scope';
      return path[at + 3] === 'spans' ? 'spans' : 'other';
    case 5:
      return SCOPE_SPANS_KEYS.has(key as PathStep) && path[at + 3] === 'spans' ? 'span' : 'other';
    default:
      return 'other';
  }
}

interface ResourceContext {
  attributes: Record<string, unknown>;
  schemaUrl: string;
  json: string | null;
}

interface ScopeContext {
  name: string | null;
  version: string | null;
}

const NO_RESOURCE: ResourceContext = { attributes: {}, schemaUrl: '', json: null };
const NO_SCOPE: ScopeContext = { name: null, version: null };

/** Reads OpenTelemetry's OTLP/JSON trace exports: one document, or one export a line (the collector's file exporter). */
export function otlpReader(file: string, warnings: ImportWarnings): FormatReader {
  const resources = new Map<string, ResourceContext>();
  const scopes = new Map<string, ScopeContext>();
  const resourceKey = (path: readonly PathStep[]): string => `${path[0]}/${path[resourceStepOf(path)]}`;
  const scopeKey = (path: readonly PathStep[]): string =>
    `${resourceKey(path)}/${path[resourceStepOf(path) + 2]}`;
  const resourceOf = (path: readonly PathStep[]): ResourceContext => {
    const key = resourceKey(path);
    let resource = resources.get(key);
    if (!resource) {
      resource = { attributes: {}, schemaUrl: '', json: null };
      resources.set(key, resource);
    }
    return resource;
  };

  const contextHandlers = (lineOf: () => number): JsonStreamHandlers => ({
    select(path): Selection {
      const role = roleOf(path);
      // Spans are walked past one by one (not as one array) so that a cut names the span.
      if (role === 'container' || role === 'spans') return 'descend';
      if (role === 'resource' || role === 'schemaUrl' || role === 'scope') return 'capture';
      const signal = path.length === 2 ? OTHER_SIGNALS.get(path[1] as PathStep) : undefined;
      if (signal !== undefined) {
        warnings.add({
          traceId: null,
          line: lineOf(),
          location: pathText(path),
          message: `holds ${signal}, not spans: left out`,
        });
      }
      return 'skip';
    },
    onValue(path, value) {
      const role = roleOf(path);
      if (role === 'resource') resourceOf(path).attributes = attributeMap(objectOf(value).attributes);
      else if (role === 'schemaUrl') resourceOf(path).schemaUrl = typeof value === 'string' ? value : '';
      else if (role === 'scope') {
        const scope = objectOf(value);
        scopes.set(scopeKey(path), {
          name: typeof scope.name === 'string' && scope.name !== '' ? scope.name : null,
          version: typeof scope.version === 'string' && scope.version !== '' ? scope.version : null,
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
      const resource = resources.get(resourceKey(path)) ?? NO_RESOURCE;
      if (resource.json === null && resource !== NO_RESOURCE) {
        resource.json = JSON.stringify({ attributes: resource.attributes, schema_url: resource.schemaUrl });
      }
      const place = { line, location: pathText(path) };
      onSpan(
        otlpSpanOf(value, resource, scopes.get(scopeKey(path)) ?? NO_SCOPE, file, place, warnings),
        place,
      );
    },
  });

  return { contextHandlers, spanHandlers };
}

function otlpSpanOf(
  value: unknown,
  resource: ResourceContext,
  scope: ScopeContext,
  file: string,
  place: SourcePlace,
  warnings: ImportWarnings,
): ImportedSpan {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badSpan(file, place, null, 'a span must be a JSON object');
  const raw = value as Record<string, unknown>;
  const traceId = requiredId(raw, 'traceId', 'trace_id', 16, file, place);
  const spanId = requiredId(raw, 'spanId', 'span_id', 8, file, place);
  const parentRaw = fieldOf(raw, 'parentSpanId', 'parent_span_id');
  const parentId = isAbsentId(parentRaw) ? null : hexId(parentRaw, 8);
  if (!isAbsentId(parentRaw) && parentId === null)
    throw badSpan(file, place, 'parentSpanId', notValid(`not ${SPAN_ID_FORM}`, parentRaw));
  const startRaw = fieldOf(raw, 'startTimeUnixNano', 'start_time_unix_nano');
  const startUs = nanosToMicros(startRaw);
  if (Number.isNaN(startUs)) {
    throw badSpan(
      file,
      place,
      'startTimeUnixNano',
      startRaw === undefined
        ? 'the span has no start time'
        : notValid('not a time in nanoseconds since the epoch (decimal digits)', startRaw),
    );
  }
  const endRaw = fieldOf(raw, 'endTimeUnixNano', 'end_time_unix_nano');
  const endUs = nanosToMicros(endRaw);
  if (Number.isNaN(endUs)) {
    warnings.add({
      traceId,
      ...place,
      message:
        endRaw === undefined || endRaw === 0 || endRaw === '0'
          ? `span 0x${spanId} has no end time; it is shown as not ended`
          : `span 0x${spanId}: endTimeUnixNano is ${notValid('not a time in nanoseconds since the epoch', endRaw)}; it is shown as not ended`,
    });
  }
  const kind = spanKindName(raw.kind);
  if (kind === null && !isUnspecifiedKind(raw.kind)) {
    warnings.add({
      traceId,
      ...place,
      message: `span 0x${spanId}: kind is ${notValid('not an OpenTelemetry span kind', raw.kind)}; read as unspecified`,
    });
  }

  const attributes = attributeMap(raw.attributes);
  // OpenTelemetry's rule for formats without scopes: the scope becomes these two attributes.
  if (scope.name !== null && !('otel.scope.name' in attributes)) attributes['otel.scope.name'] = scope.name;
  if (scope.version !== null && !('otel.scope.version' in attributes))
    attributes['otel.scope.version'] = scope.version;

  const status = objectOf(raw.status);
  const description = typeof status.message === 'string' && status.message !== '' ? status.message : null;
  const traceState = fieldOf(raw, 'traceState', 'trace_state');
  return {
    traceId,
    spanId,
    parentId,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind,
    traceState: typeof traceState === 'string' ? traceState : '',
    startUs,
    endUs: Number.isNaN(endUs) ? null : endUs,
    statusCode: statusNameOf(status.code),
    statusDescription: description,
    attributes,
    events: (Array.isArray(raw.events) ? raw.events : []).map((item) => {
      const event = objectOf(item);
      const timeUs = nanosToMicros(fieldOf(event, 'timeUnixNano', 'time_unix_nano'));
      return {
        name: typeof event.name === 'string' ? event.name : '',
        timeUs: Number.isNaN(timeUs) ? null : timeUs,
        attributes: attributeMap(event.attributes),
      };
    }),
    links: linksOf(raw.links, spanId, traceId, place, warnings),
    resourceJson: resource.json,
    serviceName:
      typeof resource.attributes['service.name'] === 'string' ? resource.attributes['service.name'] : null,
  };
}

function isUnspecifiedKind(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === 0 ||
    value === 'SPAN_KIND_UNSPECIFIED' ||
    value === 'UNSPECIFIED'
  );
}

function requiredId(
  raw: Record<string, unknown>,
  camel: string,
  snake: string,
  bytes: 8 | 16,
  file: string,
  place: SourcePlace,
): string {
  const value = fieldOf(raw, camel, snake);
  const id = hexId(value, bytes);
  if (id !== null) return id;
  const what = bytes === 16 ? 'trace id' : 'span id';
  throw badSpan(
    file,
    place,
    camel,
    isAbsentId(value)
      ? `the span has no ${what}`
      : notValid(`not ${bytes === 8 ? SPAN_ID_FORM : TRACE_ID_FORM}`, value),
  );
}

function linksOf(
  value: unknown,
  spanId: string,
  traceId: string,
  place: SourcePlace,
  warnings: ImportWarnings,
): ImportedSpan['links'] {
  const links: ImportedSpan['links'] = [];
  if (!Array.isArray(value)) return links;
  for (const item of value) {
    const link = objectOf(item);
    const linkTrace = hexId(fieldOf(link, 'traceId', 'trace_id'), 16);
    const linkSpan = hexId(fieldOf(link, 'spanId', 'span_id'), 8);
    if (linkTrace === null || linkSpan === null) {
      warnings.add({ traceId, ...place, message: `a link of span 0x${spanId} has no valid ids: left out` });
      continue;
    }
    const traceState = fieldOf(link, 'traceState', 'trace_state');
    links.push({
      traceId: linkTrace,
      spanId: linkSpan,
      traceState: typeof traceState === 'string' ? traceState : '',
      attributes: attributeMap(link.attributes),
    });
  }
  return links;
}
