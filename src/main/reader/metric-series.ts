import type { NodeMetric } from '../../shared/run-data';
import { FLAG_MODEL_CALL, FLAG_NODE, STATUS_ERROR, STATUS_NAMES, type SpanColumns } from './span-columns';
import type { MetricBucket, NodeAggregate, ReaderMetricSeries } from './types';

/** The spans whose figures count: DAD's nodes and other tools' model calls. */
const COUNTED = FLAG_NODE | FLAG_MODEL_CALL;

export interface SeriesOptions {
  asOf?: number;
  limit?: number;
  /**
   * Instead of the first `limit` executions: the `top` longest, the `top` that used most tokens
   * and the `top` that cost most (their union, in tree order) — what the charts show, whatever
   * the size of the run.
   */
  top?: number;
  buckets?: number;
}

/**
 * Per-node figures from the node spans and from the model calls of other tools' traces (named by
 * their span name): durations (end - start), tokens (`dad.result.token_usage`, or the `gen_ai.*` /
 * `llm.token_count.*` attributes) and cost (`dad.node_internal.cost`, or reckoned from the price
 * table); per node id; and per time bucket
 * (by when each execution ended, over the run's whole time range). With `asOf`, executions that
 * start later are left out and those that end later count as running.
 */
export function metricSeriesOf(
  spans: SpanColumns,
  order: Int32Array,
  options: SeriesOptions,
): Omit<ReaderMetricSeries, 'lastExport'> {
  const limit = Math.max(0, options.limit ?? 5000);
  const bucketCount = Math.max(1, Math.min(1000, options.buckets ?? 60));
  const asOf = options.asOf ?? Number.POSITIVE_INFINITY;
  const strings = spans.strings;

  // The time axis spans the whole run whatever `asOf` is, so a replayed chart keeps its scale.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < spans.count; row++) {
    const start = spans.startUs[row] as number;
    const end = spans.endUs[row] as number;
    if (start < first) first = start;
    const reached = Number.isNaN(end) ? start : end;
    if (reached > last) last = reached;
  }

  const nodes: NodeMetric[] = [];
  const top = options.top;
  const leaders =
    top === undefined
      ? null
      : { duration: new Leaders(top), tokens: new Leaders(top), cost: new Leaders(top) };
  const aggregates = new Map<number, NodeAggregate>();
  const span = Number.isFinite(first) ? Math.max(1, last - first) : 1;
  const width = span / bucketCount;
  const buckets: MetricBucket[] = Number.isFinite(first)
    ? Array.from({ length: bucketCount }, (_, i) => ({
        start: first + i * width,
        end: first + (i + 1) * width,
        ended: 0,
        failures: 0,
        durationMs: 0,
        tokens: 0,
        cost: 0,
        running: 0,
      }))
    : [];
  const totals = { executions: 0, failures: 0, tokens: 0, cost: 0, durationMs: 0 };
  let totalNodes = 0;

  // Tree order, so a file index (spans in the order they ended) and a live one agree.
  for (let position = 0; position < order.length; position++) {
    const row = order[position] as number;
    if (((spans.flags[row] as number) & COUNTED) === 0) continue;
    const start = spans.startUs[row] as number;
    if (start > asOf) continue;
    totalNodes++;
    const endRaw = spans.endUs[row] as number;
    const ended = !Number.isNaN(endRaw) && endRaw <= asOf;
    const durationMs = ended ? (endRaw - start) / 1000 : null;
    const tokens = ended ? (spans.tokens[row] as number) : Number.NaN;
    const cost = ended ? (spans.cost[row] as number) : Number.NaN;
    const failed = ended && spans.status[row] === STATUS_ERROR;
    // A model call without a node id is named by its span (`chat gpt-4o`); names and ids share keys.
    const nodeIdKey = (spans.nodeId[row] as number) || (spans.name[row] as number);
    const nodeId = strings.text(nodeIdKey) ?? '';
    const nodeType = strings.text(spans.nodeType[row] as number);

    const metric = (): NodeMetric => ({
      nodeId,
      hierarchyPath: spans.pathOf(row) ?? nodeId,
      nodeType,
      durationMs,
      tokens: Number.isNaN(tokens) ? null : tokens,
      cost: Number.isNaN(cost) ? null : cost,
      status: ended ? (STATUS_NAMES[spans.status[row] as number] ?? 'UNSET') : 'RUNNING',
      end: ended ? endRaw : null,
    });
    if (leaders) {
      if (ended) {
        leaders.duration.offer(position, durationMs ?? 0, metric);
        if (!Number.isNaN(tokens)) leaders.tokens.offer(position, tokens, metric);
        if (!Number.isNaN(cost)) leaders.cost.offer(position, cost, metric);
      }
    } else if (nodes.length < limit) {
      nodes.push(metric());
    }

    let aggregate = aggregates.get(nodeIdKey);
    if (!aggregate) {
      aggregate = {
        nodeId,
        nodeType,
        executions: 0,
        failures: 0,
        running: 0,
        totalDurationMs: 0,
        maxDurationMs: 0,
        tokens: 0,
        cost: 0,
      };
      aggregates.set(nodeIdKey, aggregate);
    }
    if (!ended) {
      aggregate.running++;
    } else {
      const duration = durationMs ?? 0;
      aggregate.executions++;
      aggregate.totalDurationMs += duration;
      aggregate.maxDurationMs = Math.max(aggregate.maxDurationMs, duration);
      if (failed) aggregate.failures++;
      if (!Number.isNaN(tokens)) aggregate.tokens += tokens;
      if (!Number.isNaN(cost)) aggregate.cost += cost;
      totals.executions++;
      totals.durationMs += duration;
      if (failed) totals.failures++;
      if (!Number.isNaN(tokens)) totals.tokens += tokens;
      if (!Number.isNaN(cost)) totals.cost += cost;
    }

    if (buckets.length > 0) {
      if (ended) {
        const bucket = buckets[bucketIndex(endRaw, first, width, bucketCount)] as MetricBucket;
        bucket.ended++;
        bucket.durationMs += durationMs ?? 0;
        if (failed) bucket.failures++;
        if (!Number.isNaN(tokens)) bucket.tokens += tokens;
        if (!Number.isNaN(cost)) bucket.cost += cost;
      }
      // Running at a bucket's end: started before it, and not ended by then.
      const from = bucketIndex(start, first, width, bucketCount);
      const to = ended ? bucketIndex(endRaw, first, width, bucketCount) : bucketCount;
      for (let b = from; b < to; b++) {
        const bucket = buckets[b] as MetricBucket;
        if (start <= bucket.end && !(ended && endRaw <= bucket.end)) bucket.running++;
      }
    }
  }

  if (leaders) {
    const chosen = new Map<number, NodeMetric>();
    for (const board of [leaders.duration, leaders.tokens, leaders.cost]) {
      for (const entry of board.entries) chosen.set(entry.position, entry.metric);
    }
    for (const position of [...chosen.keys()].sort((a, b) => a - b))
      nodes.push(chosen.get(position) as NodeMetric);
  }

  return {
    nodes,
    totalNodes,
    byNode: [...aggregates.values()].sort((a, b) => b.totalDurationMs - a.totalDurationMs),
    buckets,
    totals,
  };
}

function bucketIndex(time: number, first: number, width: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.floor((time - first) / width)));
}

/** The `size` largest values offered, kept sorted; a value is made into a metric only when kept. */
class Leaders {
  readonly entries: { position: number; value: number; metric: NodeMetric }[] = [];

  constructor(private readonly size: number) {}

  offer(position: number, value: number, make: () => NodeMetric): void {
    if (value <= 0 || this.size <= 0) return;
    const entries = this.entries;
    if (entries.length === this.size && value <= (entries[entries.length - 1] as { value: number }).value)
      return;
    let at = entries.length;
    while (at > 0 && (entries[at - 1] as { value: number }).value < value) at--;
    entries.splice(at, 0, { position, value, metric: make() });
    if (entries.length > this.size) entries.pop();
  }
}
