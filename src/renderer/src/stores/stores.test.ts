import { beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary, SpanRow } from '../../../shared/run-data';
import { runEntry } from '../../../../test-support/renderer/run-entry';
import { useProjectStore } from './project-store';
import { useLiveRunStore } from './live-run-store';
import { useViewStore } from './view-store';

const row = (spanId: string, name = 'command.execute'): SpanRow => ({
  spanId,
  parentId: null,
  depth: 0,
  name,
  nodeId: 'n',
  nodeType: 'command',
  hierarchyPath: 'a.n',
  start: 0,
  end: 1,
  status: 'OK',
  hasChildren: false,
  childCount: 0,
});

function summary(extra: Partial<RunSummary>): RunSummary {
  return {
    runId: 'r1',
    status: 'running',
    live: true,
    rootComponentId: 'a',
    spanCount: 0,
    logCount: 0,
    startUs: 1000,
    endUs: null,
    previousRunId: null,
    startHierarchyPath: null,
    error: null,
    problems: [],
    importedFrom: null,
    ...extra,
  };
}

describe('view store', () => {
  beforeEach(() => useViewStore.getState().openRun('fresh'));

  it('collapses with a new set each time, leaving the old one as it was', () => {
    const before = useViewStore.getState().collapsed;
    useViewStore.getState().toggleCollapsed('0xa');
    const after = useViewStore.getState().collapsed;
    expect(after).not.toBe(before);
    expect([...after]).toEqual(['0xa']);
    expect(before.size).toBe(0);
    useViewStore.getState().toggleCollapsed('0xa');
    expect(useViewStore.getState().collapsed.size).toBe(0);
  });

  it('opening another run clears its selection, zoom and collapsed set', () => {
    const view = useViewStore.getState();
    view.select(row('0xb'), 4);
    view.toggleCollapsed('0xa');
    view.setZoom({ startUs: 1, endUs: 2 });
    view.openRun('other');
    const next = useViewStore.getState();
    expect(next).toMatchObject({ screen: 'run', runId: 'other', selected: null, zoom: null, cursorIndex: 0 });
    expect(next.collapsed.size).toBe(0);
  });

  it('tells node spans from component spans when selecting', () => {
    useViewStore.getState().select(row('0xb', 'flow.execute'), 1);
    expect(useViewStore.getState().selected?.isNode).toBe(false);
    useViewStore.getState().select(row('0xc', 'ai_model_call.execute'), 2);
    expect(useViewStore.getState().selected).toMatchObject({ isNode: true, index: 2, spanId: '0xc' });
  });
});

describe('live run store', () => {
  beforeEach(() => useLiveRunStore.getState().open('r1'));

  it('keeps an end seen in events over a summary read before it', () => {
    const store = useLiveRunStore.getState();
    store.applyEvents([
      { type: 'run_ended', runId: 'r1', status: 'completed', error: null, at: '2026-01-01T00:00:01.000000Z' },
    ]);
    useLiveRunStore.getState().setSummary(summary({ status: 'running', live: true }));
    const run = useLiveRunStore.getState().run;
    expect(run?.status).toBe('completed');
    expect(run?.live).toBe(false);
    expect(run?.startUs).toBe(1000);
  });

  it('ignores a summary of another run', () => {
    useLiveRunStore.getState().setSummary(summary({ runId: 'r2', status: 'failed' }));
    expect(useLiveRunStore.getState().run?.status).toBe('unknown');
  });

  it('drops everything when the run view closes', () => {
    useLiveRunStore.getState().close();
    expect(useLiveRunStore.getState().run).toBeNull();
  });
});

describe('project store', () => {
  it('shows the runs list as the service last sent it: updated runs change, deleted runs leave', () => {
    const store = useProjectStore.getState();
    store.applyRunsChanged([runEntry('b', 'running'), runEntry('a', 'completed')]);
    store.applyRunsChanged([runEntry('b', 'completed')]);
    expect(useProjectStore.getState().runs.map((run) => [run.runId, run.status])).toEqual([
      ['b', 'completed'],
    ]);
  });
});
