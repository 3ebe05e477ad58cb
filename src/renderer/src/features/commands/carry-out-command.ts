import type { AppCommand, OpenKind } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { agentOfRun } from '../rerun/agent-of-run';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useNoticeStore } from '../../stores/notice-store';
import { usePreferencesStore } from '../../stores/preferences-store';
import { useProjectStore } from '../../stores/project-store';
import { useRerunRequestStore } from '../../stores/rerun-request-store';
import { useViewStore } from '../../stores/view-store';
import { openChosen, openPath } from '../project/open-actions';
import { openNoticeRun } from '../notices/open-notice-run';

const inform = (message: string) => useNoticeStore.getState().inform(message);

/** The project must be open for most commands; says so when it is not. */
function hasProject(): boolean {
  if (useProjectStore.getState().project) return true;
  inform('Open a project first.');
  useViewStore.getState().showScreen('project');
  return false;
}

/** The run in view, when the run screen shows one. */
function runInView(): string | null {
  const view = useViewStore.getState();
  return view.screen === 'run' ? view.runId : null;
}

/** The desktop app's open dialog; a browser tab has none, so its project picker takes a path. */
async function open(kind: OpenKind): Promise<void> {
  const info = await request('appInfo', undefined);
  if (info.ok && info.value.shell === 'desktop') {
    await openChosen(kind);
    // A failure is shown by the picker, where the user can try again.
    if (useProjectStore.getState().openError) useViewStore.getState().showScreen('project');
    return;
  }
  useViewStore.getState().showScreen('project');
}

function launch(): void {
  if (!hasProject()) return;
  const agents = useProjectStore.getState().project?.agents ?? [];
  if (agents.length === 0) {
    inform('This project has no agents to launch.');
    return;
  }
  // The agent of the run in view, else the one last launched; otherwise the form offers them all.
  const rootOfRun = runInView() ? (useLiveRunStore.getState().summary?.rootComponentId ?? null) : null;
  const inView = agentOfRun(agents, rootOfRun)?.id ?? null;
  const agentId = inView ?? useViewStore.getState().launchAgentId;
  const known = agents.some((agent) => agent.id === agentId && !agent.loadError);
  useViewStore.getState().openLaunch(known ? agentId : null);
}

async function cancelRun(): Promise<void> {
  const runId = runInView();
  const run = useLiveRunStore.getState().run;
  if (!runId || run?.runId !== runId || !(run.live || run.status === 'running')) {
    inform('No running run is in view to cancel.');
    return;
  }
  const result = await request('cancelRun', { runId });
  if (!result.ok) inform(`Could not cancel ${runId}: ${result.error.message}`);
  else if (!result.value.cancelled) inform(`${runId} had already ended or is not run by this app.`);
}

function rerunFromNode(): void {
  const runId = runInView();
  const selected = useViewStore.getState().selected;
  if (!runId || !selected?.isNode || !selected.nodeId || !selected.hierarchyPath) {
    inform('Select a node of a run first, then re-run from it.');
    return;
  }
  const live = useLiveRunStore.getState();
  if (live.run?.live || live.run?.status === 'running') {
    inform('The run is still going: re-run from a node once it has ended.');
    return;
  }
  const agents = useProjectStore.getState().project?.agents ?? [];
  // The run names its root component: the agent's id, or the `<agent>_root` its runner gives.
  const agentId = agentOfRun(agents, live.summary?.rootComponentId ?? null)?.id;
  if (!agentId) {
    inform('The run does not say which agent made it, so it cannot be re-run.');
    return;
  }
  useRerunRequestStore.getState().ask({
    runId,
    agentId,
    nodeId: selected.nodeId,
    hierarchyPath: selected.hierarchyPath,
  });
}

/** Does what the desktop app's menu (or its command line) asked; never throws. */
export async function carryOutCommand(command: AppCommand): Promise<void> {
  const view = useViewStore.getState();
  switch (command.name) {
    case 'open-project':
      return open('project');
    case 'open-trace-file':
      return open('trace-file');
    case 'open-path':
      if (!(await openPath(command.path))) view.showScreen('project');
      return;
    case 'close-project':
      // The service has no call to close a project: the window leaves it, and until another opens
      // the commands that need one say so instead of reaching the old project's screens.
      useProjectStore.getState().closeProject();
      view.showScreen('project');
      return;
    case 'launch':
      return launch();
    case 'cancel-run':
      return cancelRun();
    case 'rerun-from-node':
      return rerunFromNode();
    case 'show-runs':
      if (hasProject()) view.showScreen('runs');
      return;
    case 'open-run':
      if (command.projectRoot)
        await openNoticeRun({ runId: command.runId, projectRoot: command.projectRoot });
      else if (hasProject()) view.openRun(command.runId);
      return;
    case 'set-theme':
      usePreferencesStore.getState().setTheme(command.theme);
      return;
  }
}
