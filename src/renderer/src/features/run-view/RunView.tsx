import { useEffect } from 'react';
import { isEndedStatus } from '../../../../shared/run-data';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useViewStore } from '../../stores/view-store';
import { MenuRerunDialog } from '../commands/MenuRerunDialog';
import { LogsTab } from '../logs/LogsTab';
import { MetricsTab } from '../metrics/MetricsTab';
import { NodePane } from '../node-detail/NodePane';
import { OutcomeTab } from '../outcome/OutcomeTab';
import { ReplayBar } from '../replay/ReplayBar';
import { useReplayStore } from '../../stores/replay-store';
import { usePreferencesStore } from '../../stores/preferences-store';
import { useProjectStore } from '../../stores/project-store';
import { useRerunStore } from '../../stores/rerun-store';
import { Timeline } from '../timeline/Timeline';
import { NodeInputRequests } from './NodeInputRequests';
import { PaneDivider, splitColumns } from './PaneDivider';
import { TIMELINE_PERCENT } from './pane-size';
import { RunFileProblems } from './RunFileProblems';
import { RunIndexingBar } from '../run-indexing/RunIndexingBar';
import { RunTopBar } from './RunTopBar';
import { useRunSession } from './useRunSession';
import './run-view.css';

const ABSENT_LABELS = {
  logs: 'logs',
  metrics: 'metrics',
  nodeFiles: 'node inputs, outputs and outcomes',
  runStatus: 'a run status',
  outcomeRepository: 'outcome files',
} as const;

const FORMAT_NAMES = {
  'otlp-json': 'OpenTelemetry OTLP JSON',
  'jaeger-json': 'Jaeger JSON',
  'zipkin-json': 'Zipkin v2 JSON',
} as const;

/** For a run made from a trace file: where it came from, and what such a file does not hold. */
function ImportedNotice() {
  const imported = useLiveRunStore((state) => state.summary?.importedFrom ?? null);
  if (!imported) return null;
  const format = FORMAT_NAMES[imported.format];
  return (
    <p className="notice run-view__imported" data-testid="run-imported">
      Imported from the {format} file <span className="mono">{imported.sourceFile}</span> (trace{' '}
      <span className="mono">{imported.traceId}</span>). Such a file holds no{' '}
      {imported.notCarried.map((what) => ABSENT_LABELS[what]).join(', ')}: they are shown as absent.
    </p>
  );
}

const TAB_LABELS = { logs: 'Logs', metrics: 'Metrics', outcome: 'Outcome files' } as const;

/** One run: top bar, timeline beside the selected node, logs and metrics below. */
export function RunView({ runId }: { runId: string }) {
  const { watchError, reloadSummary } = useRunSession(runId);
  const summaryError = useLiveRunStore((state) => state.summaryError);
  const bottomTab = useViewStore((state) => state.bottomTab);
  const timelinePercent = usePreferencesStore((state) => state.timelinePercent ?? TIMELINE_PERCENT.default);
  const replaying = useReplayStore((state) => state.runId === runId);
  const startUs = useLiveRunStore((state) => state.run?.startUs ?? null);
  const endUs = useLiveRunStore((state) => state.run?.endUs ?? null);
  const interrupted = useLiveRunStore((state) => state.run?.status === 'interrupted');
  const eventsEnded = useLiveRunStore(
    (state) => state.run?.runId === runId && !state.run.live && isEndedStatus(state.run.status),
  );
  // The runs list reads the run's own files: once it says ended, they are all written.
  const filesEnded = useProjectStore((state) =>
    isEndedStatus(state.runs.find((run) => run.runId === runId)?.status ?? ''),
  );
  const ended = eventsEnded && filesEnded;

  // A re-run started from the window opens its comparison with the original once it has ended.
  useEffect(() => {
    if (!ended) return;
    const pair = useRerunStore.getState().takeComparisonFor(runId);
    if (pair) useViewStore.getState().openCompare(pair);
  }, [ended, runId]);

  return (
    <div className="run-view" data-testid="run-view" data-run-id={runId}>
      <ErrorBoundary area="the run's top bar">
        <RunTopBar runId={runId} />
      </ErrorBoundary>
      {replaying && startUs !== null && endUs !== null ? (
        <ErrorBoundary area="the replay controls">
          <ReplayBar runId={runId} startUs={startUs} endUs={endUs} interrupted={interrupted} />
        </ErrorBoundary>
      ) : null}
      <RunIndexingBar runId={runId} onAnswersGrew={reloadSummary} />
      <ImportedNotice />
      <RunFileProblems />
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
      <div className="run-view__body" style={{ gridTemplateColumns: splitColumns(timelinePercent) }}>
        <div className="run-view__timeline" data-testid="run-view-timeline-pane">
          <ErrorBoundary area="the timeline">
            <Timeline runId={runId} />
          </ErrorBoundary>
        </div>
        <PaneDivider controls="run-view-detail" />
        <div className="run-view__detail" id="run-view-detail" data-testid="run-view-detail-pane">
          <ErrorBoundary area="the node detail">
            <NodePane runId={runId} />
          </ErrorBoundary>
        </div>
      </div>
      <div className="run-view__bottom">
        <div className="tabs" role="tablist" aria-label="Run data">
          {(['logs', 'metrics', 'outcome'] as const).map((tab) => (
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
              {TAB_LABELS[tab]}
            </button>
          ))}
        </div>
        <div
          className="run-view__panel"
          role="tabpanel"
          id={`run-panel-${bottomTab}`}
          aria-labelledby={`run-tab-${bottomTab}`}
        >
          <ErrorBoundary area={`the ${TAB_LABELS[bottomTab].toLowerCase()}`}>
            {bottomTab === 'logs' ? (
              <LogsTab runId={runId} />
            ) : bottomTab === 'metrics' ? (
              <MetricsTab runId={runId} />
            ) : (
              <OutcomeTab runId={runId} />
            )}
          </ErrorBoundary>
        </div>
      </div>
      <MenuRerunDialog runId={runId} />
    </div>
  );
}
