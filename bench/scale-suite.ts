import { loadavg } from 'node:os';
import type { ProgressReporter } from './measure';

/**
 * A suite that runs once at a given size and formats its own section of the report: the reader,
 * the outcome history, comparing runs and the live event path. Each checks its own figures and
 * throws when what it measured is not what it meant to measure.
 */
export interface ScaleSuite {
  /** Matched by the command-line filter. */
  id: string;
  /** Too long for every bench: runs only when a filter is exactly this id. */
  onlyWhenNamed: boolean;
  run(progress: ProgressReporter): Promise<string[]>;
}

/** All suites but the named-only ones without a filter; else those a filter picks. */
export function chooseScaleSuites(suites: readonly ScaleSuite[], filters: readonly string[]): ScaleSuite[] {
  if (filters.length === 0) return suites.filter((suite) => !suite.onlyWhenNamed);
  return suites.filter((suite) =>
    filters.some((filter) => (suite.onlyWhenNamed ? suite.id === filter : suite.id.includes(filter))),
  );
}

const count = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return Number.isFinite(value) ? count.format(value) : '—';
}

/** Milliseconds under 10 s as ms (one decimal under 100), longer as seconds. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${count.format(Math.round(ms))} ms`;
  return `${ms.toFixed(1)} ms`;
}

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatMegabytes(bytes: number): string {
  return `${oneDecimal.format(bytes / 1024 / 1024)} MB`;
}

export function metOrNot(met: boolean): string {
  return met ? 'MET' : 'NOT MET';
}

/** Printed in each section's title: the machine is shared and the load moves between suites. */
export function loadNow(): string {
  return `load average ${(loadavg()[0] ?? NaN).toFixed(1)} at start`;
}
