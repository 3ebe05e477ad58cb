import { useEffect, useMemo, useRef, useState } from 'react';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatClockMicros, formatCount, formatDurationMs } from '../../format/format';
import { useCallResult } from '../../hooks/useCallResult';
import { useRunNowUs } from '../../hooks/useRunNowUs';
import { indexOfSpan, rowAt } from '../../live/rows-model';
import { isEndedStatus, NOT_READ_YET_NAME } from '../../../../shared/run-data';
import { useIndexingStore } from '../../stores/indexing-store';
import { useLiveRunStore } from '../../stores/live-run-store';
import type { LiveRunStoreState } from '../../stores/live-run-store';
import { useReplayAsOf } from '../../stores/replay-store';
import { RerunButton } from '../rerun/RerunButton';
import { useViewStore } from '../../stores/view-store';
import { errorsOf, fileOf } from './node-facts';
import { NodeErrors } from './NodeErrors';
import { NodeFilesView } from './NodeFilesView';
import { ModelCallSection } from './ModelCallSection';
import { SpanIdRows } from './SpanIds';
import {
  SpanAttributesSection,
  SpanEventsSection,
  SpanLinksSection,
  SpanOriginSection,
} from './SpanSections';
import { StreamedOutput } from './StreamedOutput';
import './node-detail.css';

/** Where a span stands at a replayed moment. */
function momentOf(
  start: number | null,
  end: number | null,
  asOf: number,
): 'not_started' | 'running' | 'ended' {
  if (start !== null && start > asOf) return 'not_started';
  return end === null || end > asOf ? 'running' : 'ended';
}

/** `SpanKind.SERVER` as `server`. */
function kindLabel(kind: string | null | undefined): string | null {
  return kind ? kind.replace(/^SpanKind\./, '').toLowerCase() : null;
}

/** Selects a span of the run shown in the timeline; false when it is not among the rows it holds. */
function selectSpanOfRun(spanId: string): boolean {
  const rows = useLiveRunStore.getState().run?.rows;
  const index = rows ? indexOfSpan(rows, spanId) : -1;
  const row = rows && index >= 0 ? rowAt(rows, index) : undefined;
  if (!row) return false;
  useViewStore.getState().select(row, index);
  return true;
}

/** Everything about the selected span: status, timing, errors, usage, streamed text and its node's files. */
export function NodePane({ runId }: { runId: string }) {
  const selected = useViewStore((state) => state.selected);
  const focusRequest = useViewStore((state) => state.detailFocusRequest);
  // Single fields, so a re-fetched window with the same values does not re-render the pane.
  const rowOf = (state: LiveRunStoreState) => {
    const row = state.run?.runId === runId && selected ? rowAt(state.run.rows, selected.index) : undefined;
    return row && row.spanId === selected?.spanId ? row : undefined;
  };
  const rowStart = useLiveRunStore((state) => rowOf(state)?.start);
  const rowEnd = useLiveRunStore((state) => rowOf(state)?.end);
  const rowStatus = useLiveRunStore((state) => rowOf(state)?.status);
  const rowNodeType = useLiveRunStore((state) => rowOf(state)?.nodeType);
  const rowReusedFrom = useLiveRunStore((state) => rowOf(state)?.reusedFrom);
  const rowName = useLiveRunStore((state) => rowOf(state)?.name);
  const readingRun = useIndexingStore(
    (state) => state.runId === runId && state.indexing?.state === 'reading',
  );
  const completedPaths = useLiveRunStore((state) => state.run?.completedPaths);
  const streamed = useLiveRunStore((state) =>
    selected?.hierarchyPath ? state.run?.outputs.text[selected.hierarchyPath] : undefined,
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [completions, setCompletions] = useState(0);

  const asOf = useReplayAsOf(runId);
  const inWindow = rowStatus !== undefined;
  const running = inWindow && rowEnd === null;
  const nowUs = useRunNowUs(runId, 500, running);
  const runLive = useLiveRunStore((state) => state.run?.runId === runId && state.run.live);
  const runEnded = useLiveRunStore(
    (state) => state.run?.runId === runId && !state.run.live && isEndedStatus(state.run.status),
  );
  const path = selected?.hierarchyPath ?? null;

  useEffect(() => {
    if (path && completedPaths?.includes(path)) setCompletions((n) => n + 1);
  }, [completedPaths, path]);

  useEffect(() => {
    if (focusRequest > 0) headingRef.current?.focus();
  }, [focusRequest]);

  const spanId = selected?.spanId ?? null;
  const detailKey = `${runId}|${spanId}|${rowEnd ?? 'open'}|${rowStatus ?? ''}`;
  const detail = useCallResult(
    spanId ? () => request('spanDetail', { runId, spanId }) : null,
    detailKey,
    `${runId}|${spanId}`,
  );
  const filesKey = `${runId}|${path}|${rowEnd ?? 'open'}|${completions}`;
  const files = useCallResult(
    path ? () => request('nodeFiles', { runId, hierarchyPath: path }) : null,
    filesKey,
    `${runId}|${path}`,
  );
  const errors = useMemo(() => (detail.value ? errorsOf(detail.value) : []), [detail.value]);

  if (!selected) {
    return (
      <section className="node-pane node-pane--empty" data-testid="node-pane" aria-label="Node detail">
        <p className="muted">Select a span in the timeline to see its node.</p>
      </section>
    );
  }

  const start = rowStart ?? detail.value?.start ?? null;
  const end = inWindow ? (rowEnd ?? null) : (detail.value?.end ?? null);
  const moment = asOf === undefined ? 'now' : momentOf(start, detail.value?.end ?? rowEnd ?? null, asOf);
  if (moment === 'not_started') {
    return (
      <section className="node-pane" data-testid="node-pane" aria-label="Node detail">
        <header className="node-pane__head">
          <h2 className="node-pane__title" tabIndex={-1} ref={headingRef} data-testid="node-pane-title">
            {selected.nodeId ?? selected.name}
          </h2>
        </header>
        <p className="notice" data-testid="node-not-started">
          Not started yet at this moment of the replay.
        </p>
      </section>
    );
  }
  // In a replay, a node still running at the moment shows nothing it wrote later.
  const future = moment === 'running';
  const shownEnd = future ? null : end;
  const durationMs = start !== null ? ((shownEnd ?? nowUs ?? start) - start) / 1000 : null;

  // A stand-in for a parent whose line is in the part of a large run not read yet.
  const notReadYet = running && readingRun && rowName === NOT_READ_YET_NAME;
  // A span its run never ended (the run's process died) is not running any more: it was cut off.
  const cutOff = running && runEnded && asOf === undefined && !notReadYet;
  const status = future
    ? 'RUNNING'
    : notReadYet
      ? 'not-read-yet'
      : cutOff
        ? 'interrupted'
        : (rowStatus ?? detail.value?.status.status_code ?? 'UNSET');
  const resultFile = fileOf(files.value, 'result.json');
  const shown = detail.value?.spanId === spanId ? detail.value : null;
  const kind = kindLabel(shown?.kind);
  const service = shown?.origin?.serviceName ?? null;
  // A DAD node's own files come first; a span from elsewhere has only what its trace carries.
  const fromTraceOnly = path === null;
  const nodeType = rowNodeType ?? selected.nodeType ?? null;
  // Another tool's model call (`gen_ai.*`, OpenInference): read like one of ours.
  const modelCall = shown?.modelCall ?? null;

  return (
    <section className="node-pane" data-testid="node-pane" aria-label="Node detail">
      <header className="node-pane__head">
        <h2 className="node-pane__title" tabIndex={-1} ref={headingRef} data-testid="node-pane-title">
          {selected.nodeId ?? selected.name}
        </h2>
        <StatusBadge status={status} testId="node-status" />
        {kind ? (
          <span className="tag" data-testid="node-kind" title="Span kind">
            {kind}
          </span>
        ) : null}
        {service ? (
          <span className="tag tag--service" data-testid="node-service" title="Service">
            {service}
          </span>
        ) : null}
        {modelCall && !future ? (
          <span className="tag tag--model" data-testid="node-model-tokens" title="Model and tokens">
            {modelCall.model ?? 'model call'} · {formatCount(modelCall.totalTokens)} tokens
          </span>
        ) : null}
        {rowReusedFrom ? (
          <span className="tag tag--reused" data-testid="node-reused">
            reused from {rowReusedFrom}
          </span>
        ) : null}
      </header>
      {!future && errors.length > 0 ? <NodeErrors errors={errors} /> : null}
      <div className="node-pane__path mono" data-testid="node-path">
        {selected.hierarchyPath ?? selected.name}
      </div>
      {selected.isNode && selected.nodeId && selected.hierarchyPath ? (
        <div className="node-pane__actions">
          <RerunButton runId={runId} nodeId={selected.nodeId} hierarchyPath={selected.hierarchyPath} />
        </div>
      ) : null}

      <dl className="facts" data-testid="node-timing">
        <dt>Span</dt>
        <dd className="mono">{selected.name}</dd>
        {nodeType !== null || !fromTraceOnly ? (
          <>
            <dt>Type</dt>
            <dd>{nodeType ?? '—'}</dd>
          </>
        ) : null}
        <dt>Start</dt>
        <dd className="mono">{formatClockMicros(start)}</dd>
        <dt>End</dt>
        <dd className="mono">
          {future
            ? 'running at this moment'
            : end === null
              ? running
                ? runLive
                  ? 'running…'
                  : notReadYet
                    ? 'not read yet (its line comes later in the trace)'
                    : 'not ended (the run stopped)'
                : '—'
              : formatClockMicros(end)}
        </dd>
        <dt>Duration</dt>
        <dd data-testid="node-duration">
          {formatDurationMs(durationMs)}
          {running ? ' …' : ''}
        </dd>
        {shown ? (
          <SpanIdRows spanId={shown.spanId} traceId={shown.traceId} parentId={shown.parentId} />
        ) : null}
      </dl>

      <ErrorBanner
        title="Could not load the span"
        error={detail.error}
        testId="node-detail-error"
        compact
        onRetry={detail.reload}
      />
      {future ? (
        <p className="notice" data-testid="node-running-at-moment">
          Running at this moment of the replay: its output, outcome and errors come when it ends.
        </p>
      ) : null}
      {!future && streamed && (running || !resultFile) ? (
        <StreamedOutput text={streamed} running={running} />
      ) : null}
      {path && !future ? (
        <NodeFilesView
          key={`${runId}|${path}`}
          runId={runId}
          files={files.value}
          error={files.error}
          loading={files.loading}
          attributes={detail.value?.attributes ?? null}
          isNode={selected.isNode}
          running={running}
          onRetry={files.reload}
        />
      ) : null}
      {shown && modelCall && !future ? <ModelCallSection detail={shown} call={modelCall} /> : null}
      {shown && !future ? (
        <>
          <SpanAttributesSection
            key={`${runId}|${shown.spanId}`}
            runId={runId}
            detail={shown}
            open={fromTraceOnly}
          />
          <SpanEventsSection runId={runId} detail={shown} open={fromTraceOnly} />
          <SpanLinksSection detail={shown} onSelect={selectSpanOfRun} />
          <SpanOriginSection detail={shown} open={fromTraceOnly} />
        </>
      ) : null}
    </section>
  );
}
