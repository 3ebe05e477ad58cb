import type { NodeMetric } from '../../../../shared/run-data';

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
  nodeId: string;
}

/** Tokens and cost added up in the order nodes ended, as points over time since `startUs`. */
export function cumulativeUsage(nodes: readonly NodeMetric[], startUs: number | null): UsagePoint[] {
  const ended = nodes
    .filter((node) => node.end !== null)
    .sort((a, b) => (a.end as number) - (b.end as number));
  if (ended.length === 0) return [];
  const origin = startUs ?? (ended[0]?.end as number);
  let tokens = 0;
  let cost = 0;
  const points: UsagePoint[] = [{ seconds: 0, tokens: 0, cost: 0, nodeId: '' }];
  for (const node of ended) {
    tokens += node.tokens ?? 0;
    cost += node.cost ?? 0;
    points.push({ seconds: ((node.end as number) - origin) / 1e6, tokens, cost, nodeId: node.nodeId });
  }
  return points;
}
