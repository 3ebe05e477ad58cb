import { useMemo, useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { ProjectSidebar } from '../project/ProjectSidebar';
import type { StatusFilter } from './run-filter';
import { filterRuns, STATUS_FILTERS } from './run-filter';
import { RunsTable } from './RunsTable';
import './runs.css';

/** The open project: its agents beside its runs, which update live. */
export function RunsScreen() {
  const runs = useProjectStore((state) => state.runs);
  const runsError = useProjectStore((state) => state.runsError);
  const runsLoading = useProjectStore((state) => state.runsLoading);
  const canLaunch = useProjectStore((state) => state.project?.isDadProject ?? false);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const shown = useMemo(() => filterRuns(runs, text, status), [runs, text, status]);

  return (
    <div className="runs-screen" data-testid="runs-screen">
      <ErrorBoundary area="the project panel">
        <ProjectSidebar />
      </ErrorBoundary>
      <section className="runs-panel" aria-labelledby="runs-title">
        <div className="runs-panel__toolbar">
          <h2 id="runs-title" className="runs-panel__title">
            Runs{' '}
            <span className="count" data-testid="runs-count">
              {shown.length === runs.length ? runs.length : `${shown.length} of ${runs.length}`}
            </span>
          </h2>
          <input
            type="search"
            className="text-input runs-panel__filter"
            placeholder="Filter by id, agent, error…"
            aria-label="Filter runs"
            data-testid="runs-filter-text"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <select
            className="select"
            aria-label="Status"
            data-testid="runs-filter-status"
            value={status}
            onChange={(event) => setStatus(event.target.value as StatusFilter)}
          >
            {STATUS_FILTERS.map((option) => (
              <option key={option} value={option}>
                {option === 'all' ? 'All statuses' : option}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--ghost"
            data-testid="runs-refresh"
            onClick={() => void useProjectStore.getState().loadRuns()}
            disabled={runsLoading}
          >
            {runsLoading ? 'Loading…' : 'Refresh'}
          </button>
          {canLaunch ? (
            <button
              type="button"
              className="button"
              data-testid="runs-launch"
              onClick={() => useViewStore.getState().openLaunch()}
            >
              Launch…
            </button>
          ) : null}
        </div>
        <ErrorBanner
          title="Could not list the runs"
          error={runsError}
          testId="runs-error"
          onRetry={() => void useProjectStore.getState().loadRuns()}
        />
        <ErrorBoundary area="the runs table">
          {runs.length === 0 && !runsLoading && !runsError ? (
            <div className="empty-state" data-testid="runs-empty">
              <h3 className="empty-state__title">No runs yet</h3>
              <p className="empty-state__hint">
                {canLaunch ? 'Launch an agent to make the first one.' : 'This folder has no runs.'}
              </p>
            </div>
          ) : (
            <RunsTable runs={shown} />
          )}
        </ErrorBoundary>
      </section>
    </div>
  );
}
