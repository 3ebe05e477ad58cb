import { TraceImportError, type SourcePlace } from './import-error';
import type { ImportedSpan } from './imported-span';
import type { JsonStreamHandlers } from './json-value-stream';

export type SpanSink = (span: ImportedSpan, place: SourcePlace) => void;

/**
 * How one trace format is read, in two passes over the file: the first collects what spans refer
 * to (resources, scopes, processes; a format may write them after the spans), the second hands
 * each span over, converted.
 */
export interface FormatReader {
  contextHandlers(lineOf: () => number): JsonStreamHandlers;
  spanHandlers(onSpan: SpanSink): JsonStreamHandlers;
}

/** A span that cannot be imported: the error names the file, the line and the span's field. */
export function badSpan(
  file: string,
  place: SourcePlace,
  field: string | null,
  problem: string,
): TraceImportError {
  const location = field === null ? place.location : `${place.location ?? ''}.${field}`;
  return new TraceImportError('import_bad_span', file, { line: place.line, location }, problem);
}

/** The first of the given keys the object has (OTLP readers accept both lowerCamel and snake_case names). */
export function fieldOf(object: Record<string, unknown>, camel: string, snake: string): unknown {
  return object[camel] !== undefined ? object[camel] : object[snake];
}
