import { describe, expect, it } from 'vitest';
import type { ComparedRun, RunComparison } from '../../shared/compare-data';
import { formatCost, formatMs, formatSeconds, summaryLine } from './summary-line';

function run(runId: string, extra: Partial<ComparedRun> = {}): ComparedRun {
  return {
    runId,
    dir: `/p/runs/${runId}`,
    rootComponentId: 'agent',
    status: 'completed',
    createdAt: null,
    completedAt: null,
    durationSeconds: 8.1,
    tokens: 1234,
    cost: 0.012,
    previousRunId: null,
    startHierarchyPath: null,
    error: null,
    nodeCount: 12,
    ...extra,
  };
}

function comparison(extra: Partial<Omit<RunComparison, 'summary'>> = {}): Omit<RunComparison, 'summary'> {
  return {
    runA: run('run_X'),
    runB: run('run_Y', { tokens: 1310, cost: 0.013, durationSeconds: 7.4 }),
    sameProject: true,
    outcome: {
      available: true,
      files: [],
      counts: { added: 1, removed: 0, changed: 1, renamed: 0 },
    },
    nodes: [],
    nodeCounts: {
      total: 12,
      differing: 3,
      reused: 0,
      onlyInA: 0,
      onlyInB: 0,
      status: 1,
      output: 2,
      outcome: 0,
    },
    problems: [],
    ...extra,
  };
}

describe('the summary line', () => {
  it('says in one sentence what differs', () => {
    expect(summaryLine(comparison())).toBe(
      'run_X vs run_Y: 3 of 12 nodes differ (2 outputs, 1 status); 1 file changed, 1 added; ' +
        'tokens 1,234 → 1,310 (+6.2%), cost $0.012 → $0.013, time 8.1 s → 7.4 s',
    );
  });

  it('names nodes on one side only, reused nodes, missing figures and another project', () => {
    const line = summaryLine(
      comparison({
        runB: run('run_Y', { tokens: null, cost: null, durationSeconds: 125 }),
        sameProject: false,
        projectNote: 'the runs are in different runs folders (/a and /b)',
        outcome: {
          available: false,
          reason: 'x',
          files: [],
          counts: { added: 0, removed: 0, changed: 0, renamed: 0 },
        },
        nodeCounts: {
          total: 1,
          differing: 1,
          reused: 5,
          onlyInA: 1,
          onlyInB: 2,
          status: 0,
          output: 1,
          outcome: 1,
        },
      }),
    );
    expect(line).toBe(
      'run_X vs run_Y: 1 of 1 node differs (1 output, 1 outcome, 1 only in run_X, 2 only in run_Y), 5 reused; ' +
        'outcome files not compared; tokens 1,234 → ?, cost $0.012 → ?, time 8.1 s → 2 min 5 s; ' +
        'not the same project: the runs are in different runs folders (/a and /b)',
    );
  });

  it('says when no file differs', () => {
    const line = summaryLine(
      comparison({
        outcome: { available: true, files: [], counts: { added: 0, removed: 0, changed: 0, renamed: 0 } },
      }),
    );
    expect(line).toContain('; no outcome file differs;');
  });

  it('formats money, seconds and milliseconds for reading', () => {
    expect([0, 0.012, 0.0125, 0.00000012, 1.5, 12.345].map(formatCost)).toEqual([
      '$0',
      '$0.012',
      '$0.013',
      '$0.00000012',
      '$1.50',
      '$12.35',
    ]);
    expect([0.04, 7.44, 59.6, 119.7, 3725].map(formatSeconds)).toEqual([
      '0 s',
      '7.4 s',
      '1 min 0 s',
      '2 min 0 s',
      '1 h 2 min',
    ]);
    expect([null, 340.4, 1200].map(formatMs)).toEqual(['?', '340 ms', '1.2 s']);
  });
});
