import { describe, expect, it } from 'vitest';
import type { NodeMetric } from '../../../../shared/run-data';
import { cumulativeUsage, nodeLabel, topNodes } from './metric-views';

function node(
  nodeId: string,
  durationMs: number | null,
  tokens: number | null,
  cost: number | null,
  end: number | null,
): NodeMetric {
  return {
    nodeId,
    hierarchyPath: `a.${nodeId}`,
    nodeType: 'x',
    durationMs,
    tokens,
    cost,
    status: 'completed',
    end,
  };
}

const nodes = [
  node('a', 100, 10, 0.1, 3_000_000),
  node('b', 300, null, null, 1_000_000),
  node('c', 200, 5, 0.05, null),
];

describe('topNodes', () => {
  it('orders by the measure, leaves out nodes without it, and caps the count', () => {
    expect(topNodes(nodes, 'durationMs', 2).map((bar) => bar.label)).toEqual(['b', 'c']);
    expect(topNodes(nodes, 'tokens', 10).map((bar) => bar.label)).toEqual(['a', 'c']);
  });
});

describe('cumulativeUsage', () => {
  const slice = (start: number, ended: number, tokens: number, cost: number) => ({
    start,
    end: start + 1_000_000,
    ended,
    tokens,
    cost,
  });
  const slices = [slice(0, 1, 0, 0), slice(1_000_000, 0, 0, 0), slice(2_000_000, 2, 15, 0.15)];

  it('adds tokens and cost up slice by slice, at each slice end from the run start', () => {
    expect(cumulativeUsage(slices, 0)).toEqual([
      { seconds: 0, tokens: 0, cost: 0 },
      { seconds: 1, tokens: 0, cost: 0 },
      { seconds: 2, tokens: 0, cost: 0 },
      { seconds: 3, tokens: 15, cost: 0.15 },
    ]);
  });

  it('stops at a replayed moment, inside its slice', () => {
    expect(cumulativeUsage(slices, 0, 1_500_000)).toEqual([
      { seconds: 0, tokens: 0, cost: 0 },
      { seconds: 1, tokens: 0, cost: 0 },
      { seconds: 1.5, tokens: 0, cost: 0 },
    ]);
  });

  it('draws nothing before any node has ended', () => {
    expect(cumulativeUsage([slice(0, 0, 0, 0)], 0)).toEqual([]);
    expect(cumulativeUsage([], 0)).toEqual([]);
  });
});

describe('nodeLabel', () => {
  it('tells loop iterations of a node apart', () => {
    expect(nodeLabel('write', 'agent.main.sections.iter_2.write')).toBe('write [2]');
    expect(nodeLabel('write', 'agent.outer.iter_1.inner.iter_0.write')).toBe('write [1.0]');
    expect(nodeLabel('write', 'agent.main.write')).toBe('write');
  });
});
