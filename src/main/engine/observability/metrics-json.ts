import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { MetricsExportLine } from '../events';
import { resourceToJson } from './resource';
import { hrTimeToEpochNanos } from './time';

/** Python numbers temporality after the OTLP enum (DELTA 1, CUMULATIVE 2); JavaScript counts from 0. */
const TEMPORALITY_NUMBERS: Record<AggregationTemporality, number> = {
  [AggregationTemporality.DELTA]: 1,
  [AggregationTemporality.CUMULATIVE]: 2,
};

/** Counts the data points of a collection; an export with none says nothing and is skipped. */
export function countDataPoints(metrics: ResourceMetrics): number {
  let count = 0;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) count += metric.dataPoints.length;
  }
  return count;
}

/** A collection in the JSON shape of OpenTelemetry Python's `MetricsData.to_json`. */
export function metricsToExportLine(metrics: ResourceMetrics): MetricsExportLine {
  const scopeMetrics = metrics.scopeMetrics
    .map((scope) => ({
      scope: {
        name: scope.scope.name,
        // Meters are created without a version, which Python writes as null.
        version: scope.scope.version || null,
        schema_url: scope.scope.schemaUrl ?? '',
      },
      metrics: scope.metrics.filter((metric) => metric.dataPoints.length > 0).map(metricToJson),
      schema_url: scope.scope.schemaUrl ?? '',
    }))
    .filter((scope) => scope.metrics.length > 0);
  return {
    resource_metrics: [
      {
        resource: resourceToJson(metrics.resource),
        scope_metrics: scopeMetrics,
        schema_url: metrics.resource.schemaUrl ?? '',
      },
    ],
  };
}

function metricToJson(metric: MetricData): Record<string, unknown> {
  const { name, description, unit } = metric.descriptor;
  const temporality = TEMPORALITY_NUMBERS[metric.aggregationTemporality];
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return {
        name,
        description,
        unit,
        data: {
          data_points: metric.dataPoints.map(numberPointToJson),
          aggregation_temporality: temporality,
          is_monotonic: metric.isMonotonic,
        },
      };
    case DataPointType.GAUGE:
      return { name, description, unit, data: { data_points: metric.dataPoints.map(numberPointToJson) } };
    case DataPointType.HISTOGRAM:
      return {
        name,
        description,
        unit,
        data: {
          data_points: metric.dataPoints.map((point) => ({
            ...pointTimes(point.attributes, point.startTime, point.endTime),
            count: point.value.count,
            sum: point.value.sum ?? 0,
            bucket_counts: point.value.buckets.counts,
            explicit_bounds: point.value.buckets.boundaries,
            min: point.value.min ?? null,
            max: point.value.max ?? null,
            exemplars: [],
          })),
          aggregation_temporality: temporality,
        },
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        name,
        description,
        unit,
        data: {
          data_points: metric.dataPoints.map((point) => ({
            ...pointTimes(point.attributes, point.startTime, point.endTime),
            count: point.value.count,
            sum: point.value.sum ?? 0,
            scale: point.value.scale,
            zero_count: point.value.zeroCount,
            positive: {
              offset: point.value.positive.offset,
              bucket_counts: point.value.positive.bucketCounts,
            },
            negative: {
              offset: point.value.negative.offset,
              bucket_counts: point.value.negative.bucketCounts,
            },
            flags: 0,
            min: point.value.min ?? null,
            max: point.value.max ?? null,
            exemplars: [],
          })),
          aggregation_temporality: temporality,
        },
      };
  }
}

function numberPointToJson(point: DataPoint<number>): Record<string, unknown> {
  return {
    ...pointTimes(point.attributes, point.startTime, point.endTime),
    value: point.value,
    exemplars: [],
  };
}

function pointTimes(attributes: Attributes, startTime: HrTime, endTime: HrTime): Record<string, unknown> {
  return {
    attributes: { ...attributes },
    start_time_unix_nano: hrTimeToEpochNanos(startTime),
    time_unix_nano: hrTimeToEpochNanos(endTime),
  };
}
