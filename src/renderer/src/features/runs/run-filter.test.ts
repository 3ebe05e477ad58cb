import { describe, expect, it } from 'vitest';
import type { RunListEntry } from '../../../../shared/run-data';
import { filterRuns } from './run-filter';

function run(runId: string, status: RunListEntry['status'], extra: Partial<RunListEntry> = {}): RunListEntry {
  return {
    runId,
    dir: '',
    rootComponentId: 'agent',
    status,
    createdAt: null,
    completedAt: null,
    durationSeconds: null,
    nodeCount: null,
    tokens: null,
    cost: null,
    previousRunId: null,
    startHierarchyPath: null,
    error: null,
    ...extra,
  };
}

const runs = [
  run('alpha_1', 'completed'),
  run('beta_2', 'interrupted', { rootComponentId: 'summarizer' }),
  run('gamma_3', 'failed', { error: 'Quota exceeded', previousRunId: 'alpha_1' }),
];

describe('filterRuns', () => {
  it('filters by status, telling interrupted from failed', () => {
    expect(filterRuns(runs, '', 'interrupted').map((r) => r.runId)).toEqual(['beta_2']);
    expect(filterRuns(runs, '', 'all')).toHaveLength(3);
  });

  it('matches text in id, agent, original run and error, ignoring case', () => {
    expect(filterRuns(runs, 'SUMMAR', 'all').map((r) => r.runId)).toEqual(['beta_2']);
    expect(filterRuns(runs, 'quota', 'all').map((r) => r.runId)).toEqual(['gamma_3']);
    expect(filterRuns(runs, 'alpha', 'all').map((r) => r.runId)).toEqual(['alpha_1', 'gamma_3']);
    expect(filterRuns(runs, 'alpha', 'failed').map((r) => r.runId)).toEqual(['gamma_3']);
  });
});
