import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { EventBus } from '../events';
import type { WriteBehindWriter } from '../io/write-behind';
import { countDataPoints, metricsToExportLine } from './metrics-json';

/**
 * Writes each cumulative collection as one line of `metrics.jsonl` and publishes it as a `metrics`
 * event. A collection without data points (nothing recorded yet) writes nothing.
 */
export class MetricsFileExporter implements PushMetricExporter {
  private stopped = false;

  constructor(
    private readonly runId: string,
    private readonly metricsPath: string,
    private readonly writer: WriteBehindWriter,
    private readonly bus: EventBus,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('metrics exporter is shut down') });
      return;
    }
    if (countDataPoints(metrics) > 0) {
      const line = metricsToExportLine(metrics);
      this.writer.appendLine(this.metricsPath, JSON.stringify(line));
      this.bus.publish({ type: 'metrics', runId: this.runId, export: line });
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
