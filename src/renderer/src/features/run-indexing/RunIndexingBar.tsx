import { useEffect, useRef } from 'react';
import { formatBytes, percentDone } from '../../format/byte-size';
import { formatCount } from '../../format/format';
import { useIndexingStore } from '../../stores/indexing-store';
import { useLiveRunStore } from '../../stores/live-run-store';
import './run-indexing.css';

/**
 * While a large run's files are read: a progress bar, and what the rows shown so far are. Each time
 * the service's answers grow (more spans read, or the whole run), the rows and summary are read again.
 */
export function RunIndexingBar({ runId, onAnswersGrew }: { runId: string; onAnswersGrew(): void }) {
  const indexing = useIndexingStore((state) => (state.runId === runId ? state.indexing : null));
  const grewRef = useRef(onAnswersGrew);
  grewRef.current = onAnswersGrew;
  const previewSpans = indexing?.previewSpans ?? 0;
  const state = indexing?.state ?? null;

  useEffect(() => {
    useIndexingStore.getState().reset(runId);
    return () => useIndexingStore.getState().reset(null);
  }, [runId]);

  useEffect(() => {
    // More spans to show, the whole run, or a reading the service let go (asking starts it again).
    if (previewSpans === 0 && state !== 'done' && state !== 'stopped') return;
    useLiveRunStore.getState().markRowsStale();
    grewRef.current();
  }, [previewSpans, state]);

  if (!indexing || indexing.state !== 'reading') return null;
  const percent = percentDone(indexing.bytesRead, indexing.totalBytes);
  return (
    <div className="run-indexing" role="status" data-testid="run-indexing">
      <div className="run-indexing__line">
        <span>
          Reading this run&apos;s files: {formatBytes(indexing.bytesRead)} of{' '}
          {formatBytes(indexing.totalBytes)} ({percent}%), {formatCount(indexing.spans)} spans and{' '}
          {formatCount(indexing.logLines)} log lines so far.
        </span>
        {indexing.previewSpans > 0 ? (
          <span className="run-indexing__shown" data-testid="run-indexing-shown">
            Showing the first {formatCount(indexing.previewSpans)} spans read; parents not read yet show as
            “(not read yet)”. The rest appears when reading ends.
          </span>
        ) : null}
      </div>
      <progress
        className="run-indexing__bar"
        max={100}
        value={percent}
        aria-label="Reading the run's files"
        data-testid="run-indexing-progress"
      />
    </div>
  );
}
