import { createHash } from 'node:crypto';
import { objectOf } from '../span-line';
import type { SourcePlace } from './import-error';
import type { ImportWarnings } from './import-warnings';
import { spanKindName, type ImportedSpan } from './imported-span';
import { badSpan, type FormatReader, type SpanSink } from './format-reader';
import { pathText, type JsonStreamHandlers, type PathStep, type Selection } from './json-value-stream';
import { jaegerMicros } from './jaeger-values';
import { hexId, isAbsentId, SPAN_ID_FORM, TRACE_ID_FORM } from './trace-ids';
import { notValid } from './value-shape';

/**
 * How many steps lead to a span: Zipkin's UI downloads one trace as an array of spans (depth 2);
 * its API's `/api/v2/traces` answers an array of such arrays (depth 3). -1 elsewhere.
 */
function spanDepthOf(path: readonly PathStep[]): number {
  if (path.length < 2 || typeof path[1] !== 'number') return -1;
  return path.length >= 3 && typeof path[2] === 'number' ? 3 : 2;
}

interface SpanFacts {
  key: string;
  traceId: string | null;
  id: string | null;
  shared: boolean;
}

/**
 * Reads Zipkin v2 JSON. The first pass notes which span ids have a side that is not `shared`, so
 * that the server side of a shared span (same id as its client) can be kept under its client.
 */
export function zipkinReader(file: string, warnings: ImportWarnings): FormatReader {
  /** `traceId/spanId` of spans that are not the shared server side. */
  const unsharedIds = new Set<string>();
  /** `top/index` of the arrays of spans inside an array of traces. */
  const traceArrays = new Set<string>();
  let current: SpanFacts | null = null;
  const settle = (): void => {
    if (current !== null && !current.shared && current.traceId !== null && current.id !== null)
      unsharedIds.add(`${current.traceId}/${current.id}`);
    current = null;
  };
  const resources = new Map<string, { json: string; serviceName: string | null }>();

  const contextHandlers = (): JsonStreamHandlers => ({
    select(path): Selection {
      const depth = spanDepthOf(path);
      if (depth === 3 && path.length === 3) traceArrays.add(`${path[0]}/${path[1]}`);
      if (path.length === 1 || depth < 0 || path.length <= depth) return 'descend';
      const key = path[depth];
      if (path.length === depth + 1 && (key === 'id' || key === 'shared' || key === 'traceId'))
        return 'capture';
      return 'skip';
    },
    onValue(path, value) {
      const depth = spanDepthOf(path);
      const spanKey = path.slice(0, depth).join('/');
      if (current === null || current.key !== spanKey) {
        settle();
        current = { key: spanKey, traceId: null, id: null, shared: false };
      }
      const key = path[depth];
      if (key === 'id') current.id = hexId(value, 8);
      else if (key === 'traceId') current.traceId = hexId(value, 16);
      else current.shared = value === true;
    },
  });

  const spanHandlers = (onSpan: SpanSink): JsonStreamHandlers => {
    settle();
    return {
      select(path): Selection {
        if (path.length === 1) return 'descend';
        if (path.length === 2) return traceArrays.has(`${path[0]}/${path[1]}`) ? 'descend' : 'capture';
        return path.length === 3 && spanDepthOf(path) === 3 ? 'capture' : 'skip';
      },
      onValue(path, value, line) {
        const place = { line, location: pathText(path) };
        onSpan(zipkinSpanOf(value, { file, place, warnings, unsharedIds, resources }), place);
      },
    };
  };

  return { contextHandlers, spanHandlers };
}

interface SpanReading {
  file: string;
  place: SourcePlace;
  warnings: ImportWarnings;
  unsharedIds: ReadonlySet<string>;
  resources: Map<string, { json: string; serviceName: string | null }>;
}

function zipkinSpanOf(value: unknown, reading: SpanReading): ImportedSpan {
  const { file, place, warnings } = reading;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badSpan(file, place, null, 'a span must be a JSON object');
  const raw = value as Record<string, unknown>;
  const traceId = hexId(raw.traceId, 16);
  if (traceId === null) {
    throw badSpan(
      file,
      place,
      'traceId',
      isAbsentId(raw.traceId) ? 'the span has no trace id' : notValid(`not ${TRACE_ID_FORM}`, raw.traceId),
    );
  }
  const id = hexId(raw.id, 8);
  if (id === null) {
    throw badSpan(
      file,
      place,
      'id',
      isAbsentId(raw.id) ? 'the span has no id' : notValid(`not ${SPAN_ID_FORM}`, raw.id),
    );
  }
  const startUs = jaegerMicros(raw.timestamp);
  if (!(startUs > 0)) {
    throw badSpan(
      file,
      place,
      'timestamp',
      raw.timestamp === undefined
        ? 'the span has no timestamp'
        : notValid('not a time in µs since the epoch (a positive integer)', raw.timestamp),
    );
  }
  const duration = jaegerMicros(raw.duration);
  if (Number.isNaN(duration))
    warnings.add({ traceId, ...place, message: `span 0x${id} has no duration; it is shown as not ended` });

  let spanId = id;
  let parentId = isAbsentId(raw.parentId) ? null : hexId(raw.parentId, 8);
  if (parentId === null && !isAbsentId(raw.parentId)) {
    warnings.add({
      traceId,
      ...place,
      message: `span 0x${id} has a parentId that is not a hex span id: shown as a root`,
    });
  }
  if (raw.shared === true && reading.unsharedIds.has(`${traceId}/${id}`)) {
    // Zipkin's shared span: the server side reuses its client's id. Both are kept, the server under the client.
    spanId = sharedServerId(traceId, id);
    parentId = id;
    warnings.add({
      traceId,
      ...place,
      message: `span id 0x${id} is shared by a client and a server span (Zipkin "shared"): the server side is kept as span 0x${spanId}, under its client`,
    });
  }

  const attributes: Record<string, unknown> = { ...stringTags(raw.tags) };
  Object.assign(attributes, endpointAttributes('zipkin.remoteEndpoint', raw.remoteEndpoint));
  const remote = objectOf(raw.remoteEndpoint);
  if (typeof remote.serviceName === 'string' && remote.serviceName !== '')
    attributes['peer.service'] = remote.serviceName;
  if (raw.shared === true) attributes['zipkin.shared'] = true;
  if (raw.debug === true) attributes['zipkin.debug'] = true;
  if (spanId !== id) attributes['zipkin.id'] = id;
  const resource = resourceOf(raw.localEndpoint, reading.resources);
  const error = attributes.error;
  return {
    traceId,
    spanId,
    parentId,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind: spanKindName(typeof raw.kind === 'string' ? raw.kind : null),
    traceState: '',
    startUs,
    endUs: Number.isNaN(duration) ? null : startUs + duration,
    // Zipkin marks failure with an `error` tag whose value is the message (empty when there is none).
    statusCode: error === undefined ? 'UNSET' : 'ERROR',
    statusDescription: typeof error === 'string' && error !== '' ? error : null,
    attributes,
    events: (Array.isArray(raw.annotations) ? raw.annotations : []).map((item) => {
      const annotation = objectOf(item);
      const timeUs = jaegerMicros(annotation.timestamp);
      return {
        name: typeof annotation.value === 'string' ? annotation.value : '',
        timeUs: Number.isNaN(timeUs) ? null : timeUs,
        attributes: {},
      };
    }),
    links: [],
    resourceJson: resource?.json ?? null,
    serviceName: resource?.serviceName ?? null,
  };
}

/** Stable, so a re-import gives the same id; distinct from the client's. */
function sharedServerId(traceId: string, id: string): string {
  return createHash('sha256').update(`${traceId}/${id}/shared-server`).digest('hex').slice(0, 16);
}

function stringTags(value: unknown): Record<string, unknown> {
  const tags: Record<string, unknown> = {};
  for (const [key, tag] of Object.entries(objectOf(value))) tags[key] = tag;
  return tags;
}

function endpointAttributes(prefix: string, value: unknown): Record<string, unknown> {
  const endpoint = objectOf(value);
  const attributes: Record<string, unknown> = {};
  for (const field of ['ipv4', 'ipv6', 'port'] as const) {
    const part = endpoint[field];
    if (typeof part === 'string' || typeof part === 'number') attributes[`${prefix}.${field}`] = part;
  }
  return attributes;
}

/** The local endpoint is the span's resource: its service name becomes `service.name`. */
function resourceOf(
  value: unknown,
  cache: Map<string, { json: string; serviceName: string | null }>,
): { json: string; serviceName: string | null } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const key = JSON.stringify(value);
  let resource = cache.get(key);
  if (!resource) {
    const endpoint = objectOf(value);
    const serviceName =
      typeof endpoint.serviceName === 'string' && endpoint.serviceName !== '' ? endpoint.serviceName : null;
    const attributes: Record<string, unknown> = serviceName === null ? {} : { 'service.name': serviceName };
    Object.assign(attributes, endpointAttributes('zipkin.localEndpoint', value));
    resource = { json: JSON.stringify({ attributes, schema_url: '' }), serviceName };
    cache.set(key, resource);
  }
  return resource;
}
