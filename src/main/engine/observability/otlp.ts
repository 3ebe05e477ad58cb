import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchLogRecordProcessor, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Processors and reader that also send a run's telemetry to an OTLP/HTTP (JSON) collector. */
export interface OtlpPipeline {
  spanProcessor: SpanProcessor;
  logProcessor: LogRecordProcessor;
  metricReader: MetricReader;
}

/** Builds the OTLP pipeline for an endpoint such as `http://localhost:4318` (signal paths are added). */
export function createOtlpPipeline(endpoint: string, metricExportIntervalMs: number): OtlpPipeline {
  const base = endpoint.replace(/\/+$/, '');
  return {
    spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` })),
    logProcessor: new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${base}/v1/logs` }) }),
    metricReader: new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
      exportIntervalMillis: metricExportIntervalMs,
      exportTimeoutMillis: Math.min(metricExportIntervalMs, 30_000),
    }),
  };
}
