import type { MetricTimeSlice, NodeMetric } from '../../../../shared/run-data';

export interface NodeBar {
  label: string;
  hierarchyPath: string;
  durationMs: number;
  tokens: number;
  cost: number;
  status: string;
}

/** A node's chart label: its id, with the loop iterations it ran in (`write_section [2]`). */
export function nodeLabel(nodeId: string, hierarchyPath: string): string {
  const iterations = [...hierarchyPath.matchAll(/(?:^|\.)iter_(\d+)(?=\.|$)/g)].map((match) => match[1]);
  return iterations.length > 0 ? `${nodeId} [${iterations.join('.')}]` : nodeId;
}

/** The `limit` nodes with the largest `key`, largest first, for a bar chart. */
export function topNodes(
  nodes: readonly NodeMetric[],
  key: 'durationMs' | 'tokens' | 'cost',
  limit: number,
): NodeBar[] {
  return nodes
    .filter((node) => (node[key] ?? 0) > 0)
    .sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0))
    .slice(0, limit)
    .map((node) => ({
      label: nodeLabel(node.nodeId, node.hierarchyPath),
      hierarchyPath: node.hierarchyPath,
      durationMs: node.durationMs ?? 0,
      tokens: node.tokens ?? 0,
      cost: node.cost ?? 0,
      status: node.status,
    }));
}

export interface UsagePoint {
  /** Seconds since the run started. */
  seconds: number;
  tokens: number;
  cost: number;
}

/**
 * Tokens and cost added up over the run's time slices, as points at each slice's end from
 * `startUs`; in a replay (`untilUs`), up to the slice the moment falls in.
 */
export function cumulativeUsage(
  slices: readonly MetricTimeSlice[],
  startUs: number | null,
  untilUs?: number,
): UsagePoint[] {
  const first = slices[0];
  if (!first || slices.every((slice) => slice.ended === 0)) return [];
  const origin = startUs ?? first.start;
  let tokens = 0;
  let cost = 0;
  const points: UsagePoint[] = [{ seconds: Math.max(0, (first.start - origin) / 1e6), tokens: 0, cost: 0 }];
  for (const slice of slices) {
    if (untilUs !== undefined && slice.start > untilUs) break;
    tokens += slice.tokens;
    cost += slice.cost;
    const end = untilUs === undefined ? slice.end : Math.min(slice.end, untilUs);
    points.push({ seconds: (end - origin) / 1e6, tokens, cost });
  }
  return points;
}
