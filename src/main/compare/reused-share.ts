import type { NodeComparison } from '../../shared/compare-data';

/** What the nodes a continuation loaded cost where they first ran: work its own totals leave out. */
export interface ReusedShare {
  nodes: number;
  tokens: number | null;
  cost: number | null;
  /** The reused nodes' durations in the run they came from. */
  seconds: number | null;
}

/**
 * The reused share of one side of a comparison: for the nodes `side` loaded from the other run,
 * the tokens, cost and time they took in that run. A run's own totals count only what it ran, so
 * a continuation's totals beside its original's read as a saving unless this share is shown too.
 */
export function reusedShareOf(nodes: readonly NodeComparison[], side: 'A' | 'B'): ReusedShare {
  const share: ReusedShare = { nodes: 0, tokens: null, cost: null, seconds: null };
  for (const node of nodes) {
    if (!(side === 'B' ? node.reusedInB : node.reusedInA)) continue;
    share.nodes++;
    // Figures from where the node ran: the other side.
    const tokens = side === 'B' ? node.tokensA : node.tokensB;
    const cost = side === 'B' ? node.costA : node.costB;
    const durationMs = side === 'B' ? node.durationMsA : node.durationMsB;
    if (tokens !== null) share.tokens = (share.tokens ?? 0) + tokens;
    if (cost !== null) share.cost = (share.cost ?? 0) + cost;
    if (durationMs !== null) share.seconds = (share.seconds ?? 0) + durationMs / 1000;
  }
  return share;
}
