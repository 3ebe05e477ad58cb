import { FLAG_MODEL_CALL, FLAG_NODE, FLAG_SYNTHETIC, type SpanColumns } from './span-columns';
import { runWhole, type SteppedWork } from './work-slices';

/** What a run's summary says of all its spans together. */
export interface SpanStats {
  /** µs; Infinity / -Infinity when no span has one. */
  startUs: number;
  endUs: number;
  synthetic: number;
  /** Interned trace ids, in the order first seen. */
  traceIds: number[];
}

const ROWS_PER_STEP = 65_536;

export function spanStatsOf(spans: SpanColumns): SpanStats {
  return runWhole(spanStatsSteps(spans));
}

/** The same, a step of rows at a time (for `runInSlices`): a million rows take tens of ms. */
export function* spanStatsSteps(spans: SpanColumns): SteppedWork<SpanStats> {
  const stats: SpanStats = {
    startUs: Number.POSITIVE_INFINITY,
    endUs: Number.NEGATIVE_INFINITY,
    synthetic: 0,
    traceIds: [],
  };
  const seen = new Set<number>();
  for (let from = 0; from < spans.count; from += ROWS_PER_STEP) {
    addRows(spans, stats, seen, from, Math.min(spans.count, from + ROWS_PER_STEP));
    yield;
  }
  return stats;
}

function addRows(spans: SpanColumns, stats: SpanStats, seen: Set<number>, from: number, to: number): void {
  const { startUs, endUs, flags, traceId } = spans;
  let lastTrace = -1;
  for (let row = from; row < to; row++) {
    const start = startUs[row] as number;
    const end = endUs[row] as number;
    if (start < stats.startUs) stats.startUs = start;
    const reached = Number.isNaN(end) ? start : end;
    if (reached > stats.endUs) stats.endUs = reached;
    if ((flags[row] as number) & FLAG_SYNTHETIC) stats.synthetic++;
    const trace = traceId[row] as number;
    // Rows of one trace come together: the set is asked only when the trace changes.
    if (trace !== lastTrace && !seen.has(trace)) {
      seen.add(trace);
      stats.traceIds.push(trace);
    }
    lastTrace = trace;
  }
}

/** Tokens and cost of a run's spans together; null when no span said any, or (cost) when one used tokens at an unknown price. */
export interface UsageTotals {
  tokens: number | null;
  cost: number | null;
}

/** Adds up the usage of DAD's node spans and of other tools' model calls (see genai-usage.ts). */
export function usageTotalsOf(spans: SpanColumns): UsageTotals {
  const totals: UsageTotals = { tokens: null, cost: null };
  const { flags, tokens, cost } = spans;
  let unpriced = false;
  for (let row = 0; row < spans.count; row++) {
    if (((flags[row] as number) & (FLAG_NODE | FLAG_MODEL_CALL)) === 0) continue;
    const rowTokens = tokens[row] as number;
    const rowCost = cost[row] as number;
    if (!Number.isNaN(rowTokens)) totals.tokens = (totals.tokens ?? 0) + rowTokens;
    if (!Number.isNaN(rowCost)) totals.cost = (totals.cost ?? 0) + rowCost;
    else if (!Number.isNaN(rowTokens)) unpriced = true;
  }
  // Part of the cost would pass for all of it.
  if (unpriced) totals.cost = null;
  return totals;
}
