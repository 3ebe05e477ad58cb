import type { Attributes, Counter, Histogram, MeterProvider } from '@opentelemetry/api';

export type ExecutionScope = 'node' | 'callback' | 'flow' | 'agent';

export interface ExecutionPoint {
  id: string;
  type?: string;
  durationMs: number;
  success: boolean;
}

interface ScopeInstruments {
  duration: Histogram;
  success: Counter;
  failure: Counter;
  /** Nodes are timed in milliseconds, everything larger in seconds, as DAD does. */
  durationInSeconds: boolean;
}

export const EXECUTION_SCOPES: readonly ExecutionScope[] = ['node', 'callback', 'flow', 'agent'];

/** DAD's execution instruments: one meter per scope (`dhenara.dad.<scope>`), a histogram and two counters. */
export class ExecutionMetrics {
  private readonly instruments: Record<ExecutionScope, ScopeInstruments>;

  constructor(meterProvider: MeterProvider) {
    const entries = EXECUTION_SCOPES.map(
      (scope) => [scope, createInstruments(meterProvider, scope)] as const,
    );
    this.instruments = Object.fromEntries(entries) as Record<ExecutionScope, ScopeInstruments>;
  }

  record(scope: ExecutionScope, point: ExecutionPoint): void {
    const instruments = this.instruments[scope];
    const attributes: Attributes = { [`${scope}_id`]: point.id };
    if (point.type !== undefined) attributes[`${scope}_type`] = point.type;
    instruments.duration.record(
      instruments.durationInSeconds ? point.durationMs / 1000 : point.durationMs,
      attributes,
    );
    (point.success ? instruments.success : instruments.failure).add(1, attributes);
  }
}

function createInstruments(meterProvider: MeterProvider, scope: ExecutionScope): ScopeInstruments {
  const meter = meterProvider.getMeter(`dhenara.dad.${scope}`);
  const durationInSeconds = scope !== 'node';
  return {
    duration: meter.createHistogram(`${scope}_execution_duration`, {
      description: `Duration of ${scope} execution in ${durationInSeconds ? 'seconds' : 'milliseconds'}`,
      unit: durationInSeconds ? 's' : 'ms',
    }),
    success: meter.createCounter(`${scope}_execution_success`, {
      description: `Number of successful ${scope} executions`,
      unit: '1',
    }),
    failure: meter.createCounter(`${scope}_execution_failure`, {
      description: `Number of failed ${scope} executions`,
      unit: '1',
    }),
    durationInSeconds,
  };
}
