import { join } from 'node:path';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import { LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { EventBus } from '../events';
import type { WriteBehindWriter } from '../io/write-behind';
import { exceptionAttributes, toAttributes } from './attributes';
import { ExecutionMetrics, type ExecutionPoint, type ExecutionScope } from './execution-metrics';
import { LogFileProcessor } from './log-file-processor';
import { MetricsFileExporter } from './metrics-file-exporter';
import { createOtlpPipeline } from './otlp';
import { createRunResource, DEFAULT_SERVICE_NAME, resourceToJson, type RerunInfo } from './resource';
import { SpanFileProcessor } from './span-file-processor';
import { RunClock } from './time';

export interface RunObservabilityOptions {
  runId: string;
  /** `<run_dir>/.trace`, holding `trace.jsonl`, `logs.jsonl` and `metrics.jsonl`. */
  traceDir: string;
  /** Every file write goes through it, so telemetry never makes the run wait on the disk. */
  writer: WriteBehindWriter;
  bus: EventBus;
  /** Defaults to `dad-agent`; `-rerun` is appended on a re-run. */
  serviceName?: string;
  rerun?: RerunInfo;
  /** How often metrics are exported while the run goes on; 5000 ms by default. */
  metricExportIntervalMs?: number;
  /** An OTLP/HTTP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`) that receives everything the files get. */
  otlpEndpoint?: string | null;
}

export interface SpanHandle {
  /** 32 hex digits, no `0x`. */
  readonly traceId: string;
  /** 16 hex digits, no `0x`. */
  readonly spanId: string;
  setAttributes(attributes: Record<string, unknown>): void;
  /** Adds an `exception` event with `exception.type`, `exception.message` and `exception.stacktrace`. */
  recordException(error: unknown): void;
  end(status: 'OK' | 'ERROR' | 'UNSET', description?: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogOptions {
  attributes?: Record<string, unknown>;
  span?: SpanHandle;
  error?: unknown;
}

const SEVERITIES: Record<LogLevel, { number: SeverityNumber; text: string }> = {
  debug: { number: SeverityNumber.DEBUG, text: 'DEBUG' },
  info: { number: SeverityNumber.INFO, text: 'INFO' },
  warn: { number: SeverityNumber.WARN, text: 'WARN' },
  error: { number: SeverityNumber.ERROR, text: 'ERROR' },
};

const STATUS_CODES = { OK: SpanStatusCode.OK, ERROR: SpanStatusCode.ERROR, UNSET: SpanStatusCode.UNSET };

const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 5000;
const INSTRUMENTATION_NAME = 'dhenara.dad';

class RunSpan implements SpanHandle {
  readonly traceId: string;
  readonly spanId: string;

  constructor(
    readonly span: Span,
    private readonly clock: RunClock,
  ) {
    const context = span.spanContext();
    this.traceId = context.traceId;
    this.spanId = context.spanId;
  }

  setAttributes(attributes: Record<string, unknown>): void {
    this.span.setAttributes(toAttributes(attributes));
  }

  recordException(error: unknown): void {
    this.span.addEvent('exception', exceptionAttributes(error), this.clock.now());
  }

  end(status: 'OK' | 'ERROR' | 'UNSET', description?: string): void {
    if (status !== 'UNSET') this.span.setStatus({ code: STATUS_CODES[status], message: description });
    this.span.end(this.clock.now());
  }
}

/**
 * The traces, logs and metrics of one run: its own OpenTelemetry providers and resource (several
 * runs share a process, so nothing is registered globally), written to the run's `.trace` files in
 * the shapes DAD writes, announced on the event bus, and optionally sent to an OTLP collector.
 */
export class RunObservability {
  private readonly runId: string;
  private readonly tracerProvider: BasicTracerProvider;
  private readonly loggerProvider: LoggerProvider;
  private readonly meterProvider: MeterProvider;
  private readonly tracer: Tracer;
  private readonly logger: Logger;
  private readonly executionMetrics: ExecutionMetrics;
  // Times are given explicitly everywhere: the SDK would otherwise start spans at millisecond precision.
  private readonly clock = new RunClock();
  private shutdownPromise: Promise<void> | null = null;
  /** Failed exports (only an OTLP collector can fail); the files are written regardless. */
  readonly exportFailures: Error[] = [];

  constructor(options: RunObservabilityOptions) {
    this.runId = options.runId;
    const resource = createRunResource(options.serviceName ?? DEFAULT_SERVICE_NAME, options.rerun);
    const resourceJson = resourceToJson(resource);
    const { writer, bus, traceDir } = options;
    const intervalMs = options.metricExportIntervalMs ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS;

    const spanProcessors: SpanProcessor[] = [
      new SpanFileProcessor(this.runId, join(traceDir, 'trace.jsonl'), resourceJson, writer, bus),
    ];
    const logProcessors: LogRecordProcessor[] = [
      new LogFileProcessor(this.runId, join(traceDir, 'logs.jsonl'), resourceJson, writer, bus),
    ];
    const metricReaders: MetricReader[] = [
      new PeriodicExportingMetricReader({
        exporter: new MetricsFileExporter(this.runId, join(traceDir, 'metrics.jsonl'), writer, bus),
        exportIntervalMillis: intervalMs,
        exportTimeoutMillis: Math.min(intervalMs, 30_000),
      }),
    ];
    if (options.otlpEndpoint) {
      const otlp = createOtlpPipeline(options.otlpEndpoint, intervalMs);
      spanProcessors.push(otlp.spanProcessor);
      logProcessors.push(otlp.logProcessor);
      metricReaders.push(otlp.metricReader);
    }

    // A run's trace is its record, so every span is kept whatever OTEL_TRACES_SAMPLER says.
    this.tracerProvider = new BasicTracerProvider({
      resource,
      sampler: new AlwaysOnSampler(),
      spanProcessors,
    });
    this.loggerProvider = new LoggerProvider({ resource, processors: logProcessors });
    this.meterProvider = new MeterProvider({ resource, readers: metricReaders });
    this.tracer = this.tracerProvider.getTracer(INSTRUMENTATION_NAME);
    this.logger = this.loggerProvider.getLogger(INSTRUMENTATION_NAME);
    this.executionMetrics = new ExecutionMetrics(this.meterProvider);
  }

  /** Starts a span, as a child of `parent` when given, else as the root of a new trace. */
  startSpan(name: string, attributes: Record<string, unknown>, parent?: SpanHandle): SpanHandle {
    const span = this.tracer.startSpan(
      name,
      { kind: SpanKind.INTERNAL, attributes: toAttributes(attributes), startTime: this.clock.now() },
      parent ? contextOf(parent) : ROOT_CONTEXT,
    );
    return new RunSpan(span, this.clock);
  }

  log(level: LogLevel, message: string, options: LogOptions = {}): void {
    const attributes = toAttributes(options.attributes);
    if (options.span) {
      attributes.trace_id = options.span.traceId;
      attributes.span_id = options.span.spanId;
    }
    if (options.error !== undefined) Object.assign(attributes, exceptionAttributes(options.error));
    const severity = SEVERITIES[level];
    const now = this.clock.now();
    this.logger.emit({
      severityNumber: severity.number,
      severityText: severity.text,
      body: message,
      attributes,
      context: options.span ? contextOf(options.span) : ROOT_CONTEXT,
      timestamp: now,
      observedTimestamp: now,
    });
  }

  /** Counts one execution and its duration in the scope's instruments. */
  recordExecution(scope: ExecutionScope, point: ExecutionPoint): void {
    this.executionMetrics.record(scope, point);
  }

  /** Exports metrics now and hands pending spans and logs on (the caller then flushes the writer). */
  async flush(): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    await Promise.all([
      this.settle(this.meterProvider.forceFlush()),
      this.settle(this.tracerProvider.forceFlush()),
      this.settle(this.loggerProvider.forceFlush()),
    ]);
  }

  /** Makes the final metrics export (the totals), stops the timers and shuts the providers down. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= Promise.all([
      this.settle(this.meterProvider.shutdown()),
      this.settle(this.tracerProvider.shutdown()),
      this.settle(this.loggerProvider.shutdown()),
    ]).then(() => undefined);
    return this.shutdownPromise;
  }

  private async settle(work: Promise<void>): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.exportFailures.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function contextOf(handle: SpanHandle): Context {
  if (handle instanceof RunSpan) return trace.setSpan(ROOT_CONTEXT, handle.span);
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: handle.traceId,
    spanId: handle.spanId,
    traceFlags: TraceFlags.SAMPLED,
  });
}
