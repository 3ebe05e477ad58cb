import { ErrorBanner } from '../../components/ErrorBanner';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useViewStore } from '../../stores/view-store';
import { LogsTab } from '../logs/LogsTab';
import { MetricsTab } from '../metrics/MetricsTab';
import { NodePane } from '../node-detail/NodePane';
import { Timeline } from '../timeline/Timeline';
import { NodeInputRequests } from './NodeInputRequests';
import { RunTopBar } from './RunTopBar';
import { useRunSession } from './useRunSession';
import './run-view.css';

/** One run: top bar, timeline beside the selected node, logs and metrics below. */
export function RunView({ runId }: { runId: string }) {
  const { watchError, reloadSummary } = useRunSession(runId);
  const summaryError = useLiveRunStore((state) => state.summaryError);
  const bottomTab = useViewStore((state) => state.bottomTab);

  return (
    <div className="run-view" data-testid="run-view" data-run-id={runId}>
      <ErrorBoundary area="the run's top bar">
        <RunTopBar runId={runId} />
      </ErrorBoundary>
      <ErrorBanner
        title="Could not read the run"
        error={summaryError}
        testId="run-summary-error"
        onRetry={reloadSummary}
        compact
      />
      <ErrorBanner
        title="Live updates are off for this run"
        error={watchError}
        testId="run-watch-error"
        compact
      />
      <ErrorBoundary area="the node input form">
        <NodeInputRequests runId={runId} />
      </ErrorBoundary>
      <div className="run-view__body">
        <div className="run-view__timeline">
          <ErrorBoundary area="the timeline">
            <Timeline runId={runId} />
          </ErrorBoundary>
        </div>
        <div className="run-view__detail">
          <ErrorBoundary area="the node detail">
            <NodePane runId={runId} />
          </ErrorBoundary>
        </div>
      </div>
      <div className="run-view__bottom">
        <div className="tabs" role="tablist" aria-label="Run data">
          {(['logs', 'metrics'] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              id={`run-tab-${tab}`}
              aria-selected={bottomTab === tab}
              aria-controls={`run-panel-${tab}`}
              className={bottomTab === tab ? 'tab tab--active' : 'tab'}
              data-testid={`run-tab-${tab}`}
              onClick={() => useViewStore.getState().setBottomTab(tab)}
            >
              {tab === 'logs' ? 'Logs' : 'Metrics'}
            </button>
          ))}
        </div>
        <div
          className="run-view__panel"
          role="tabpanel"
          id={`run-panel-${bottomTab}`}
          aria-labelledby={`run-tab-${bottomTab}`}
        >
          <ErrorBoundary area={bottomTab === 'logs' ? 'the logs' : 'the metrics'}>
            {bottomTab === 'logs' ? <LogsTab runId={runId} /> : <MetricsTab runId={runId} />}
          </ErrorBoundary>
        </div>
      </div>
    </div>
  );
}
