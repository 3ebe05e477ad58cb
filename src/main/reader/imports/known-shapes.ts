import type { PathStep } from './json-value-stream';

/** Top-level keys of things that are not traces, and what to call them in a refusal. */
const NOT_TRACE_KEYS = new Map<PathStep, string>([
  ['resourceLogs', 'this is an OTLP logs export, not a trace export'],
  ['resource_logs', 'this is an OTLP logs export, not a trace export'],
  ['resourceMetrics', 'this is an OTLP metrics export, not a trace export'],
  ['resource_metrics', 'this is an OTLP metrics export, not a trace export'],
  [
    'batches',
    'this is a Tempo "batches" payload (an older Tempo API answer), which this import does not read',
  ],
]);

/** Keys that make an object in an array look like a span, of a shape no reader here knows. */
const SPAN_LIKE_KEYS = new Set<PathStep>([
  'spanId',
  'span_id',
  'traceId',
  'trace_id',
  'parentSpanId',
  'parent_span_id',
]);

/**
 * What the keys seen while detecting a format say: a Zipkin v2 span (an object in an array with
 * both `traceId` and `id`), or a known thing that is not a trace, to be named in the refusal.
 * Only key names the formats define are looked at; nothing of the file is kept to be quoted.
 */
export class KnownShapes {
  private readonly elementKeys = new Map<string, Set<PathStep>>();
  private notTrace: string | null = null;
  private spanLike = false;

  /** 'zipkin-json' once a Zipkin span is seen; null while undecided. */
  note(path: readonly PathStep[]): 'zipkin-json' | null {
    const key = path[path.length - 1] as PathStep;
    if (path.length === 2 && typeof key === 'string') {
      this.notTrace ??= NOT_TRACE_KEYS.get(key) ?? null;
      return null;
    }
    const inArray = typeof path[1] === 'number';
    const depth = path.length === 4 && typeof path[2] === 'number' ? 3 : path.length === 3 ? 2 : -1;
    if (!inArray || depth < 0 || typeof key !== 'string') return null;
    const element = path.slice(0, depth).join('/');
    let keys = this.elementKeys.get(element);
    if (!keys) {
      // Only the most recent element matters: a span's keys all come before the next span's.
      this.elementKeys.clear();
      keys = new Set();
      this.elementKeys.set(element, keys);
    }
    keys.add(key);
    if (SPAN_LIKE_KEYS.has(key)) this.spanLike = true;
    return keys.has('traceId') && keys.has('id') && !keys.has('spanId') ? 'zipkin-json' : null;
  }

  /** What the file is, when it is a known thing that holds no trace. */
  whatItIs(): string | null {
    if (this.notTrace !== null) return this.notTrace;
    if (this.spanLike)
      return 'this is an array of spans in a shape not known here (not Zipkin v2, Jaeger or OTLP/JSON spans)';
    return null;
  }
}
