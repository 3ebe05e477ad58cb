import { useLiveRunStore } from '../../stores/live-run-store';
import { useViewStore } from '../../stores/view-store';
import './import-report.css';

/** For a file that held several traces: says so, and links each run it made. */
export function ImportTracesInFile() {
  const imported = useLiveRunStore((state) => state.summary?.importedFrom ?? null);
  const runId = useLiveRunStore((state) => state.summary?.runId ?? null);
  if (!imported || imported.tracesInFile < 2) return null;
  const more = imported.tracesInFile - imported.runsFromFile.length;
  return (
    <div className="notice run-view__import-traces" data-testid="run-import-traces">
      The file held {imported.tracesInFile} traces; each opened as its own run:
      <ul className="run-view__import-runs">
        {imported.runsFromFile.map((run) => (
          <li key={run.runId} data-testid="run-import-trace-run" data-run-id={run.runId}>
            {run.runId === runId ? (
              <span className="mono" aria-current="page">
                {run.runId} (this run)
              </span>
            ) : (
              <button
                type="button"
                className="link-button"
                onClick={() => useViewStore.getState().openRun(run.runId)}
              >
                <span className="mono">{run.runId}</span>
              </button>
            )}{' '}
            <span className="run-view__import-run-facts">
              trace <span className="mono">{run.traceId}</span>, {run.spanCount}{' '}
              {run.spanCount === 1 ? 'span' : 'spans'}
            </span>
          </li>
        ))}
        {more > 0 ? <li>and {more} more, in the runs list</li> : null}
      </ul>
    </div>
  );
}
