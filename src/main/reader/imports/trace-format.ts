import { stat } from 'node:fs/promises';
import { TraceImportError, WHOLE_FILE } from './import-error';
import type { TraceFormat } from './import-record';
import { JAEGER_TRACE_KEYS } from './jaeger-trace';
import { JsonValueStream, type PathStep, type Selection } from './json-value-stream';
import { KnownShapes } from './known-shapes';
import { RESOURCE_SPANS_KEYS } from './otlp-trace';
import { NOT_REGULAR, streamJsonFile } from './stream-file';

export type { TraceFormat } from './import-record';

const LISTED_KEYS = 12;

/**
 * Which trace format a file holds, from the keys of its top-level values: `resourceSpans` (also
 * inside Jaeger API v3's `result`) is OTLP/JSON; `data`, or a trace's own `traceID`/`spans`/
 * `processes` (alone or in an array), is Jaeger; an array of objects with `traceId` and `id` (or an
 * array of such arrays) is Zipkin v2. Reads only as far as it must; a file of OTLP
 * lines that begins with metrics or logs is read on to its first spans.
 */
export async function detectTraceFormat(
  sourcePath: string,
  options: { chunkBytes?: number } = {},
): Promise<TraceFormat> {
  let size: number;
  try {
    const info = await stat(sourcePath);
    if (!info.isFile()) throw new TraceImportError('import_io_error', sourcePath, WHOLE_FILE, NOT_REGULAR);
    size = info.size;
  } catch (error) {
    if (error instanceof TraceImportError) throw error;
    throw new TraceImportError(
      'import_io_error',
      sourcePath,
      WHOLE_FILE,
      `cannot read: ${(error as Error).message}`,
    );
  }
  if (size === 0) throw new TraceImportError('import_empty', sourcePath, WHOLE_FILE, 'the file is empty');

  const detected: { format: TraceFormat | null } = { format: null };
  const known = new KnownShapes();
  const keysSeen = new Set<string>();
  const scalarsSeen = new Set<string>();
  const stream: JsonValueStream = new JsonValueStream(sourcePath, {
    select(path): Selection {
      const format = formatOfPath(path);
      const found = format ?? known.note(path);
      if (found !== null) {
        detected.format = found;
        stream.stop();
        return 'skip';
      }
      if (path.length === 1) return 'descend';
      if (path.length === 2 && (path[1] === 'result' || typeof path[1] === 'number')) return 'descend';
      // An array of traces that are arrays of spans (Zipkin's API).
      if (path.length === 3 && typeof path[1] === 'number' && typeof path[2] === 'number') return 'descend';
      const key = path[path.length - 1];
      if (typeof key === 'string' && keysSeen.size < LISTED_KEYS) keysSeen.add(key);
      return 'skip';
    },
    onValue() {},
    onLeaf(path, value) {
      // A top-level value that is not an object or array.
      if (path.length === 1) scalarsSeen.add(value === null ? 'null' : typeof value);
    },
  });
  await streamJsonFile(sourcePath, stream, options);
  if (detected.format !== null) return detected.format;
  if (stream.topLevelValues === 0)
    throw new TraceImportError('import_empty', sourcePath, WHOLE_FILE, 'the file holds only white space');
  const notATrace = known.whatItIs();
  if (notATrace !== null)
    throw new TraceImportError(
      'import_unknown_format',
      sourcePath,
      WHOLE_FILE,
      `${notATrace}; open a trace export`,
    );
  const seen =
    keysSeen.size > 0
      ? // Counted, not named: the file may be anything the user pointed at (a secrets file).
        `it holds an object with ${keysSeen.size}${keysSeen.size === LISTED_KEYS ? ' or more' : ''} other top-level key${keysSeen.size === 1 ? '' : 's'}`
      : scalarsSeen.size > 0
        ? `it holds a JSON ${[...scalarsSeen].join(', ')}, not an object`
        : 'it holds no keys';
  throw new TraceImportError(
    'import_unknown_format',
    sourcePath,
    WHOLE_FILE,
    `this is not an OpenTelemetry OTLP/JSON trace export (no "resourceSpans"), a Jaeger JSON trace (no "data" or "spans") or a Zipkin v2 JSON trace (no spans with "traceId" and "id"); ${seen}`,
  );
}

function formatOfPath(path: readonly PathStep[]): TraceFormat | null {
  if (path.length === 2) {
    const key = path[1] as PathStep;
    if (RESOURCE_SPANS_KEYS.has(key)) return 'otlp-json';
    if (key === 'data' || JAEGER_TRACE_KEYS.has(key)) return 'jaeger-json';
  }
  if (path.length === 3) {
    if (path[1] === 'result' && RESOURCE_SPANS_KEYS.has(path[2] as PathStep)) return 'otlp-json';
    if (typeof path[1] === 'number' && JAEGER_TRACE_KEYS.has(path[2] as PathStep)) return 'jaeger-json';
  }
  return null;
}
