import { performance } from 'node:perf_hooks';
import { heapUsedBytes } from './heap';

export type FlowShape = 'sequential' | 'loop';
export type SuiteName = 'engine' | 'bare-writes' | 'langgraph';

/** What one run measured: named totals in milliseconds, and how much the heap grew during it. */
export interface Sample {
  totalsMs: Record<string, number>;
  heapGrowthBytes: number;
  /** Other things counted during the run, reported as medians. */
  counts?: Record<string, number>;
}

/** One thing to time. `run` does the whole job for `units` nodes (or loop iterations). */
export interface Measurement {
  /** `suite/flow/variant`, matched by the command-line filter. */
  id: string;
  suite: SuiteName;
  flow: FlowShape;
  label: string;
  units: number;
  warmUpUnits: number;
  run(units: number): Promise<Sample>;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface MeasuredResult {
  measurement: Measurement;
  /** Per figure, milliseconds per unit over the measured runs. */
  perUnitMs: Record<string, Spread>;
  /** Median total of the first figure over the runs, in milliseconds. */
  medianTotalMs: number;
  heapGrowthPerUnitBytes: number;
  /** Heap used after the measurement's last run was cleaned up. */
  heapAfterBytes: number;
  /** Medians of the counts the runs reported. */
  counts: Record<string, number>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export type ProgressReporter = (line: string) => void;

/**
 * Warms every measurement up once, then runs all of them round after round, so that the load of
 * this shared machine falls on all of them alike and the ratios printed from one run hold.
 */
export async function measureAll(
  measurements: readonly Measurement[],
  rounds: number,
  progress: ProgressReporter,
): Promise<MeasuredResult[]> {
  for (const measurement of measurements) {
    const seconds = await timed(() => measurement.run(measurement.warmUpUnits));
    progress(`warm-up    ${measurement.id} (${measurement.warmUpUnits} units) ${seconds.toFixed(1)} s`);
  }
  const samples = new Map<Measurement, Sample[]>(measurements.map((m) => [m, []]));
  const heapAfter = new Map<Measurement, number>();
  for (let round = 1; round <= rounds; round++) {
    for (const measurement of measurements) {
      let sample: Sample | undefined;
      const seconds = await timed(async () => {
        sample = await measurement.run(measurement.units);
      });
      samples.get(measurement)?.push(sample as Sample);
      heapAfter.set(measurement, heapUsedBytes());
      progress(
        `round ${round}/${rounds}  ${measurement.id} (${measurement.units} units) ${seconds.toFixed(1)} s`,
      );
    }
  }
  return measurements.map((measurement) =>
    summarize(measurement, samples.get(measurement) ?? [], heapAfter.get(measurement) ?? 0),
  );
}

function summarize(
  measurement: Measurement,
  samples: readonly Sample[],
  heapAfterBytes: number,
): MeasuredResult {
  const first = samples[0];
  if (!first) throw new Error(`${measurement.id}: no runs were measured`);
  const figureNames = Object.keys(first.totalsMs);
  const perUnitMs: Record<string, Spread> = {};
  for (const name of figureNames) {
    perUnitMs[name] = spreadOf(samples.map((sample) => (sample.totalsMs[name] ?? NaN) / measurement.units));
  }
  const counts: Record<string, number> = {};
  for (const name of Object.keys(first.counts ?? {})) {
    counts[name] = median(samples.map((sample) => sample.counts?.[name] ?? NaN));
  }
  return {
    measurement,
    perUnitMs,
    counts,
    medianTotalMs: median(samples.map((sample) => sample.totalsMs[figureNames[0] as string] ?? NaN)),
    heapGrowthPerUnitBytes: median(samples.map((sample) => sample.heapGrowthBytes)) / measurement.units,
    heapAfterBytes,
  };
}

async function timed(job: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await job();
  return (performance.now() - start) / 1000;
}
