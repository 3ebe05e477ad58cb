import { AppInfoLine } from './app-info/AppInfoLine';
import { useAppInfo } from './app-info/useAppInfo';
import { ErrorBoundary } from './components/ErrorBoundary';
import { useAppCommands } from './features/commands/useAppCommands';
import { WindowDropTarget } from './features/drop/WindowDropTarget';
import { NoticeCenter } from './features/notices/NoticeCenter';
import { CompareScreen } from './features/compare/CompareScreen';
import { HistoryScreen } from './features/history/HistoryScreen';
import { LaunchScreen } from './features/launch/LaunchScreen';
import { ProjectPicker } from './features/project/ProjectPicker';
import { RunView } from './features/run-view/RunView';
import { RunsScreen } from './features/runs/RunsScreen';
import { AppHeader } from './features/shell/AppHeader';
import { ConnectionBanner, ConnectionStatusLine } from './features/shell/ConnectionBanner';
import { HelpPopover } from './features/shell/HelpPopover';
import { useGlobalShortcuts } from './features/shell/useGlobalShortcuts';
import { useProjectStore } from './stores/project-store';
import { useViewStore } from './stores/view-store';

export { PRODUCT_NAME } from './features/shell/AppHeader';

function CurrentScreen() {
  const screen = useViewStore((state) => state.screen);
  const runId = useViewStore((state) => state.runId);
  const hasProject = useProjectStore((state) => state.project !== null);
  // Each screen belongs to the project open: another project's (even a run of the same id) starts anew.
  const root = useProjectStore((state) => state.project?.root ?? '');
  if (!hasProject || screen === 'project') {
    return (
      <ErrorBoundary area="the project picker">
        <ProjectPicker />
      </ErrorBoundary>
    );
  }
  if (screen === 'launch') {
    return (
      <ErrorBoundary area="the launch form">
        <LaunchScreen key={root} />
      </ErrorBoundary>
    );
  }
  if (screen === 'history') {
    return (
      <ErrorBoundary area="the outcome history">
        <HistoryScreen />
      </ErrorBoundary>
    );
  }
  if (screen === 'compare') {
    return (
      <ErrorBoundary area="the comparison">
        <CompareScreen />
      </ErrorBoundary>
    );
  }
  if (screen === 'run' && runId) {
    return (
      <ErrorBoundary area="the run view" key={`${root}|${runId}`}>
        <RunView runId={runId} />
      </ErrorBoundary>
    );
  }
  return (
    <ErrorBoundary area="the runs screen">
      <RunsScreen />
    </ErrorBoundary>
  );
}

export function App() {
  const appInfo = useAppInfo();
  const screen = useViewStore((state) => state.screen);
  useGlobalShortcuts();
  useAppCommands();
  return (
    <div className="app" data-testid="app" data-screen={screen}>
      <ErrorBoundary area="the header">
        <AppHeader />
      </ErrorBoundary>
      <ConnectionBanner />
      <main className={screen === 'run' ? 'app__main app__main--full' : 'app__main'}>
        <CurrentScreen />
      </main>
      <HelpPopover />
      <ErrorBoundary area="the notices">
        <NoticeCenter />
      </ErrorBoundary>
      <WindowDropTarget />
      <footer className="app__status" data-testid="status-bar">
        <ErrorBoundary area="the status bar">
          <ConnectionStatusLine />
          <AppInfoLine state={appInfo} />
        </ErrorBoundary>
      </footer>
    </div>
  );
}
