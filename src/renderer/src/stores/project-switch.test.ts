import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../../shared/run-data';
import { runEntry } from '../../../../test-support/renderer/run-entry';
import { useProjectStore } from './project-store';
import { useReplayStore } from './replay-store';
import { useRerunRequestStore } from './rerun-request-store';
import { useRerunStore } from './rerun-store';
import { useViewStore } from './view-store';

function project(root: string): ProjectInfo {
  return {
    root,
    name: root.slice(1),
    identifier: root.slice(1),
    description: null,
    runRoot: `${root}/runs`,
    isDadProject: true,
    agents: [],
  };
}

/** The window deep in project /a: a run in view and replayed, a comparison, a commit, a re-run asked for. */
function lookAroundProjectA(): void {
  useProjectStore.getState().setProject(project('/a'));
  useProjectStore.getState().applyRunsChanged([runEntry('run_a1', 'completed')]);
  const view = useViewStore.getState();
  view.openLaunch('writer');
  view.openCompare({ runA: 'run_a0', runB: 'run_a1' });
  view.openHistory({ runId: 'run_a1', sha: 'abc123' });
  view.openRun('run_a1');
  view.toggleCollapsed('0xa');
  useReplayStore.getState().start('run_a1', 1000);
  useRerunStore.getState().expectComparison({ runA: 'run_a1', runB: 'rerun_a2' });
  useRerunRequestStore
    .getState()
    .ask({ runId: 'run_a1', agentId: 'writer', nodeId: 'n', hierarchyPath: 'writer.main.n' });
}

describe('switching project', () => {
  // Every test starts deep in project /a, whatever the last one left open.
  beforeEach(lookAroundProjectA);

  it('forgets the run tab, comparison, history focus, replay and re-runs of the project left', () => {
    useProjectStore.getState().setProject(project('/b'));

    expect(useViewStore.getState()).toMatchObject({
      screen: 'runs',
      runId: null,
      launchAgentId: null,
      compare: null,
      historyFocus: null,
      selected: null,
    });
    expect(useViewStore.getState().collapsed.size).toBe(0);
    expect(useReplayStore.getState().runId).toBeNull();
    expect(useRerunStore.getState().pendingComparison).toBeNull();
    expect(useRerunRequestStore.getState().request).toBeNull();
    expect(useProjectStore.getState().runs).toEqual([]);
  });

  it('keeps the screen the user is on when it is one of every project (compare, history)', () => {
    useViewStore.getState().openCompare({ runA: 'run_a0', runB: 'run_a1' });
    useProjectStore.getState().setProject(project('/b'));
    expect(useViewStore.getState()).toMatchObject({ screen: 'compare', compare: null });
  });

  it('keeps everything when the same project is announced again (its agents changed)', () => {
    useProjectStore.getState().setProject({ ...project('/a'), description: 'edited' });

    expect(useViewStore.getState()).toMatchObject({
      screen: 'run',
      runId: 'run_a1',
      compare: { runA: 'run_a0', runB: 'run_a1' },
      historyFocus: { runId: 'run_a1', sha: 'abc123' },
    });
    expect(useReplayStore.getState().runId).toBe('run_a1');
    expect(useProjectStore.getState().runs.map((run) => run.runId)).toEqual(['run_a1']);
  });

  it('closing a project and opening it again is no switch; opening another after closing is', () => {
    useProjectStore.getState().closeProject();
    useProjectStore.getState().setProject(project('/a'));
    expect(useViewStore.getState().runId).toBe('run_a1');

    useProjectStore.getState().closeProject();
    useProjectStore.getState().setProject(project('/b'));
    expect(useViewStore.getState().runId).toBeNull();
  });
});
