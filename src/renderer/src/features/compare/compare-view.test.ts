import { describe, expect, it } from 'vitest';
import type { NodeComparison } from '../../../../shared/compare-data';
import { runEntry } from '../../../../../test-support/renderer/run-entry';
import {
  changeValueText,
  defaultPair,
  differenceNames,
  durationDelta,
  fileStatusMark,
  folderOf,
  lineCountsLabel,
  movedIndex,
  nameOf,
  nodeBadges,
  pairLabel,
  runOptions,
  visibleNodes,
} from './compare-view';

function node(path: string, overrides: Partial<NodeComparison> = {}): NodeComparison {
  return {
    hierarchyPath: path,
    nodeId: path.split('.').pop() ?? path,
    inA: true,
    inB: true,
    statusA: 'completed',
    statusB: 'completed',
    differsAtAll: false,
    differs: { status: false, output: false, outcome: false, duration: false, tokens: false, cost: false },
    durationMsA: 10,
    durationMsB: 10,
    tokensA: null,
    tokensB: null,
    costA: null,
    costB: null,
    ...overrides,
  };
}

describe('defaultPair', () => {
  it('compares the newest run, a re-run, with the run it re-ran', () => {
    const runs = [
      runEntry('run_old', 'completed', { createdAt: '2026-01-01T10:00:00Z' }),
      runEntry('run_rerun', 'completed', { createdAt: '2026-01-02T10:00:00Z', previousRunId: 'run_orig' }),
      runEntry('run_orig', 'completed', { createdAt: '2026-01-01T12:00:00Z' }),
    ];
    expect(defaultPair(runs)).toEqual({ runA: 'run_orig', runB: 'run_rerun' });
  });

  it('compares a fresh run with the newest earlier run of the same agent', () => {
    const runs = [
      runEntry('run_writer_1', 'completed', { createdAt: '2026-01-01T10:00:00Z', rootComponentId: 'writer' }),
      runEntry('run_report', 'completed', { createdAt: '2026-01-01T11:00:00Z', rootComponentId: 'report' }),
      runEntry('run_writer_2', 'failed', { createdAt: '2026-01-01T12:00:00Z', rootComponentId: 'writer' }),
    ];
    expect(defaultPair(runs)).toEqual({ runA: 'run_writer_1', runB: 'run_writer_2' });
  });

  it('leaves A for the user to pick when no other run of the agent exists, and is null without runs', () => {
    expect(defaultPair([runEntry('run_only', 'completed')])).toEqual({ runA: null, runB: 'run_only' });
    expect(defaultPair([])).toBeNull();
  });
});

describe('runOptions', () => {
  it('offers the runs newest first, each with its agent and status', () => {
    const options = runOptions([
      runEntry('run_a', 'completed', { createdAt: '2026-01-01T10:00:00Z', rootComponentId: 'writer' }),
      runEntry('run_b', 'interrupted', { createdAt: '2026-01-03T10:00:00Z', rootComponentId: null }),
    ]);
    expect(options.map((option) => option.value)).toEqual(['run_b', 'run_a']);
    expect(options[0]?.label).toMatch(/^run_b · unknown agent · interrupted · 2026-01-0\d /);
    expect(options[1]?.label).toContain('run_a · writer · completed');
  });
});

describe('node rows', () => {
  const nodes = [
    node('agent.main.same'),
    node('agent.main.changed', {
      differsAtAll: true,
      differs: { ...node('x').differs, output: true, tokens: true },
    }),
    node('agent.main.gone', { inB: false, statusB: null, differsAtAll: true }),
  ];

  it('shows only the differing nodes when asked, keeping their order', () => {
    expect(visibleNodes(nodes, true).map((n) => n.hierarchyPath)).toEqual([
      'agent.main.changed',
      'agent.main.gone',
    ]);
    expect(visibleNodes(nodes, false)).toHaveLength(3);
  });

  it('names what a node differs in', () => {
    expect(differenceNames(nodes[1] as NodeComparison)).toEqual(['output', 'tokens']);
    expect(differenceNames(nodes[0] as NodeComparison)).toEqual([]);
  });

  it('badges reused nodes and nodes present on one side only', () => {
    expect(nodeBadges(node('a', { reusedInB: true }))).toEqual([{ kind: 'reused', label: 'reused in B' }]);
    expect(nodeBadges(node('a', { inB: false }))).toEqual([{ kind: 'only-a', label: 'only in A' }]);
    expect(nodeBadges(node('a', { inA: false }))).toEqual([{ kind: 'only-b', label: 'only in B' }]);
    expect(nodeBadges(node('a'))).toEqual([]);
  });
});

describe('labels', () => {
  it('writes a pair once when both sides read the same', () => {
    const format = (value: number | null) => (value === null ? '—' : String(value));
    expect(pairLabel(107, 94, format)).toBe('107 → 94');
    expect(pairLabel(5, 5, format)).toBe('5');
    expect(pairLabel(null, 3, format)).toBe('— → 3');
  });

  it("gives B's duration against A's with its percentage", () => {
    expect(durationDelta(28, 40)).toBe('+12 ms (+43%)');
    expect(durationDelta(4000, 2800)).toBe('-1.20 s (-30%)');
    expect(durationDelta(0, 5)).toBe('+5.0 ms');
    expect(durationDelta(null, 5)).toBe('');
    expect(durationDelta(7, 7)).toBe('');
  });

  it('marks file changes as git does and counts their lines', () => {
    expect(['added', 'removed', 'changed', 'renamed'].map((s) => fileStatusMark(s as 'added'))).toEqual([
      'A',
      'D',
      'M',
      'R',
    ]);
    expect(lineCountsLabel({ linesAdded: 17, linesRemoved: 0 })).toBe('+17 −0');
    expect(lineCountsLabel({ binary: true })).toBe('binary');
    expect(lineCountsLabel({})).toBe('');
  });

  it('splits a path into its folder and its name', () => {
    expect(folderOf('articles/x/article.md')).toBe('articles/x/');
    expect(nameOf('articles/x/article.md')).toBe('article.md');
    expect(folderOf('README.md')).toBe('');
    expect(nameOf('README.md')).toBe('README.md');
  });

  it('shows strings as they are and other values as JSON', () => {
    expect(changeValueText('The Short Version')).toBe('The Short Version');
    expect(changeValueText(38)).toBe('38');
    expect(changeValueText(null)).toBe('null');
    expect(changeValueText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});

describe('movedIndex', () => {
  it('moves by arrows, pages and ends, within the list', () => {
    expect(movedIndex('ArrowDown', 0, 3)).toBe(1);
    expect(movedIndex('ArrowDown', 2, 3)).toBe(2);
    expect(movedIndex('ArrowUp', 0, 3)).toBe(0);
    expect(movedIndex('End', 0, 3)).toBe(2);
    expect(movedIndex('Home', 2, 3)).toBe(0);
    expect(movedIndex('PageDown', 1, 30)).toBe(11);
    expect(movedIndex('PageUp', 5, 30)).toBe(0);
  });

  it('ignores other keys and empty lists', () => {
    expect(movedIndex('a', 1, 3)).toBeNull();
    expect(movedIndex('ArrowDown', 0, 0)).toBeNull();
  });
});
