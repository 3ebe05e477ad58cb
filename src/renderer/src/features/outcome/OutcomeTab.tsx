import { useMemo, useState } from 'react';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useCallResult } from '../../hooks/useCallResult';
import { useThrottledValue } from '../../hooks/useThrottledValue';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useReplayAsOf } from '../../stores/replay-store';
import { useViewStore } from '../../stores/view-store';
import { outcomeAsOf, type OutcomeFileAtMoment } from './outcome-as-of';
import './outcome.css';

/**
 * The run's outcome files: at its end, or as they stood at the replayed moment, with each file's
 * content at the commit in force then.
 */
export function OutcomeTab({ runId }: { runId: string }) {
  const asOf = useReplayAsOf(runId);
  const status = useLiveRunStore((state) => state.run?.status ?? 'unknown');
  const spanEvents = useLiveRunStore((state) => state.run?.spanEventCount ?? 0);
  // Commits land as nodes end: while live, ask again now and then; and once more when the run ends.
  const version = useThrottledValue(spanEvents, 2000);
  const timeline = useCallResult(
    () => request('outcomeTimeline', { runId }),
    `${runId}|${status}|${version}`,
    runId,
  );
  const state = useMemo(
    () => (timeline.value ? outcomeAsOf(timeline.value.commits, asOf) : null),
    [timeline.value, asOf],
  );
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const selected = state?.files.find((file) => file.path === selectedPath) ?? null;

  return (
    <section className="outcome" data-testid="outcome-tab" aria-label="Outcome files">
      <ErrorBanner
        title="Could not read the run's outcome commits"
        error={timeline.error}
        testId="outcome-error"
        compact
        onRetry={timeline.reload}
      />
      {timeline.value && !timeline.value.available ? (
        <p className="notice" data-testid="outcome-unavailable">
          No outcome files to show: {timeline.value.reason}
        </p>
      ) : null}
      {state && timeline.value?.available ? (
        <>
          <div className="outcome__head" data-testid="outcome-summary">
            <span>
              {asOf === undefined ? 'At the end of the run' : 'At this moment'}: {state.made} of{' '}
              {state.made + state.toCome} commits made
            </span>
            {state.inForce ? (
              <span className="muted mono" data-testid="outcome-in-force" data-sha={state.inForce.sha}>
                {state.inForce.sha.slice(0, 8)} {state.inForce.nodeId ?? state.inForce.subject}
              </span>
            ) : null}
            <button
              type="button"
              className="link-button"
              data-testid="outcome-open-history"
              onClick={() => useViewStore.getState().openHistory({ runId })}
            >
              Open in history
            </button>
          </div>
          <div className="outcome__body">
            <ul className="outcome__files" aria-label="Files" data-testid="outcome-files">
              {state.files.length === 0 ? <li className="muted">No files yet.</li> : null}
              {state.files.map((file) => (
                <li key={file.path}>
                  <button
                    type="button"
                    className={
                      file.path === selectedPath ? 'outcome__file outcome__file--selected' : 'outcome__file'
                    }
                    data-testid="outcome-file"
                    data-path={file.path}
                    data-status={file.status}
                    aria-pressed={file.path === selectedPath}
                    onClick={() => setSelectedPath(file.path)}
                  >
                    <span
                      className={`outcome__status outcome__status--${file.inherited ? 'inherited' : file.status}`}
                    >
                      {file.inherited ? 'before' : file.status}
                    </span>
                    <span className="mono outcome__path">{file.path}</span>
                  </button>
                </li>
              ))}
            </ul>
            <div className="outcome__content">
              {selected && state.inForce ? (
                <FileAtMoment file={selected} sha={state.inForce.sha} />
              ) : (
                <p className="muted">Select a file to see its content at this moment.</p>
              )}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}

function FileAtMoment({ file, sha }: { file: OutcomeFileAtMoment; sha: string }) {
  const removed = file.status === 'removed';
  const content = useCallResult(
    removed ? null : () => request('fileAt', { sha, path: file.path }),
    `${sha}|${file.path}`,
  );
  const by = file.lastCommit.nodeId ?? file.lastCommit.subject;
  return (
    <div data-testid="outcome-file-content" data-path={file.path}>
      <div className="outcome__file-head muted">
        <span className="mono">{file.path}</span> — last {removed ? 'removed' : 'written'} by{' '}
        <span className="mono">{by}</span> ({file.lastCommit.sha.slice(0, 8)})
      </div>
      <ErrorBanner title="Could not read the file" error={content.error} compact onRetry={content.reload} />
      {removed ? <p className="notice">The file was removed by this moment.</p> : null}
      {content.value?.message ? <p className="notice">{content.value.message}</p> : null}
      {content.value?.text !== null && content.value?.text !== undefined ? (
        <pre className="text-block outcome__text" data-testid="outcome-file-text">
          {content.value.text}
        </pre>
      ) : null}
    </div>
  );
}
