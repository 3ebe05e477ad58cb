import { describe, expect, it } from 'vitest';
import { runEntry } from '../../../../../test-support/renderer/run-entry';
import { filterRuns } from './run-filter';

const run = runEntry;

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
