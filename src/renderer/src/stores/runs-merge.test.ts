import { describe, expect, it } from 'vitest';
import type { RunListEntry } from '../../../shared/run-data';
import { parsePreferences } from './preferences-store';
import { mergeRuns } from './runs-merge';

function entry(runId: string, status: RunListEntry['status']): RunListEntry {
  return {
    runId,
    dir: `/runs/${runId}`,
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
  };
}

describe('mergeRuns', () => {
  it('replaces changed runs in place and puts new ones first, in a new array', () => {
    const current = [entry('a', 'completed'), entry('b', 'running')];
    const merged = mergeRuns(current, [entry('b', 'completed'), entry('c', 'running')]);
    expect(merged.map((r) => `${r.runId}:${r.status}`)).toEqual(['c:running', 'a:completed', 'b:completed']);
    expect(current[1]?.status).toBe('running');
    expect(merged).not.toBe(current);
  });
});

describe('parsePreferences', () => {
  it('reads a saved theme and falls back to the system theme on anything else', () => {
    expect(parsePreferences('{"theme":"dark"}')).toEqual({ theme: 'dark' });
    expect(parsePreferences('{"theme":"pink"}')).toEqual({ theme: 'system' });
    expect(parsePreferences('not json')).toEqual({ theme: 'system' });
    expect(parsePreferences(null)).toEqual({ theme: 'system' });
  });
});
