import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format/format';
import { useCallResult } from '../../hooks/useCallResult';
import { useDebouncedValue, useThrottledValue } from '../../hooks/useThrottledValue';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { CommitDetail } from './CommitDetail';
import { describeGraphFailure, noHistoryText } from './graph-failure';
import { commitAt, rowOfSha } from './graph-pages';
import { shortSha } from './commit-text';
import { HistoryGraph } from './HistoryGraph';
import type { ScrollRequest } from './HistoryGraph';
import { RunCommitsBar } from './RunCommitsBar';
import { runChoices } from './run-focus';
import type { RunCommit } from './run-focus';
import { graphPagesKey, useGraphPages } from './useGraphPages';
import { useLocateCommit } from './useLocateCommit';
import './history.css';

interface Selection {
  row: number | null;
  sha: string | null;
}

/** Changes whenever a run appears, ends or moves on: the history may have new commits then. */
function useHistoryVersion(): [number, () => void] {
  const runs = useProjectStore((state) => state.runs);
  const signature = useMemo(
    () => runs.map((run) => `${run.runId}:${run.status}:${run.nodeCount ?? ''}`).join('|'),
    [runs],
  );
  const settled = useThrottledValue(signature, 1500);
  const [version, setVersion] = useState(0);
  const seen = useRef(settled);
  useEffect(() => {
    if (seen.current === settled) return;
    seen.current = settled;
    setVersion((count) => count + 1);
  }, [settled]);
  const refresh = useCallback(() => setVersion((count) => count + 1), []);
  return [version, refresh];
}

/** The history of the open project: another project starts afresh, with none of the last one's answers. */
export function HistoryScreen() {
  const root = useProjectStore((state) => state.project?.root ?? '');
  const isDadProject = useProjectStore((state) => state.project?.isDadProject ?? false);
  return <OutcomeHistory key={root} isDadProject={isDadProject} />;
}

/** The outcome repository's commit graph, newest first, with a commit's files, contents and diffs. */
function OutcomeHistory({ isDadProject }: { isDadProject: boolean }) {
  const focus = useViewStore((state) => state.historyFocus);
  const focusRunId = focus?.runId ?? null;
  const focusSha = focus?.sha ?? null;
  const runs = useProjectStore((state) => state.runs);
  const choices = useMemo(() => runChoices(runs, focusRunId), [runs, focusRunId]);
  const [version, refresh] = useHistoryVersion();

  const [range, setRange] = useState({ first: 0, last: 40 });
  const onVisibleRows = useCallback(
    (first: number, last: number) =>
      setRange((current) => (current.first === first && current.last === last ? current : { first, last })),
    [],
  );
  const pages = useGraphPages(version, range.first, range.last, focusRunId);
  const graph = pages.graph;
  const latestGraph = useRef(graph);
  latestGraph.current = graph;

  const [selected, setSelected] = useState<Selection>({ row: null, sha: null });
  const [seek, setSeek] = useState<string | null>(null);
  const [unreachable, setUnreachable] = useState<string | null>(null);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const scrollSequence = useRef(0);

  const scrollTo = useCallback((row: number, align: 'auto' | 'center') => {
    scrollSequence.current += 1;
    setScrollRequest({ row, align, sequence: scrollSequence.current });
  }, []);

  const selectRow = useCallback(
    (row: number, align: 'auto' | 'center' | null, sha?: string) => {
      setSelected({ row, sha: sha ?? commitAt(latestGraph.current, row)?.sha ?? null });
      setSeek(null);
      setUnreachable(null);
      if (align !== null) scrollTo(row, align);
    },
    [scrollTo],
  );

  const selectSha = useCallback(
    (sha: string) => {
      const row = rowOfSha(latestGraph.current, sha);
      if (row !== null) {
        selectRow(row, 'center');
        return;
      }
      setSelected({ row: null, sha });
      setUnreachable(null);
      setSeek(sha);
    },
    [selectRow],
  );

  // A row selected before its page arrived gets its commit when the page does.
  useEffect(() => {
    if (selected.row === null || selected.sha !== null) return;
    const commit = commitAt(graph, selected.row);
    if (commit) setSelected({ row: selected.row, sha: commit.sha });
  }, [graph, selected]);

  // New commits move rows down: follow the selected commit to its new row.
  useEffect(() => {
    if (
      graph === null ||
      graph.key !== graphPagesKey(version, focusRunId) ||
      selected.row === null ||
      selected.sha === null
    )
      return;
    const commit = commitAt(graph, selected.row);
    if (commit === undefined || commit.sha.startsWith(selected.sha)) return;
    const row = rowOfSha(graph, selected.sha);
    if (row !== null) setSelected({ row, sha: selected.sha });
    else setSeek(selected.sha);
  }, [graph, version, focusRunId, selected]);

  const located = useLocateCommit(seek, graph, version);
  useEffect(() => {
    const found = located.located;
    if (found === null || found.sha !== seek) return;
    setSeek(null);
    if (found.row === null) {
      setUnreachable(`Commit ${shortSha(found.sha)} is not on any branch of the outcome repository.`);
      return;
    }
    setSelected({ row: found.row, sha: commitAt(latestGraph.current, found.row)?.sha ?? found.sha });
    scrollTo(found.row, 'center');
  }, [located.located, seek, scrollTo]);

  // Focus on a commit: select it.
  useEffect(() => {
    if (focusSha !== null) selectSha(focusSha);
  }, [focusSha, selectSha]);

  // Focus on a run: read its commits (again when the history changed) and select its newest.
  const runCommits = useCallResult(
    focusRunId !== null ? () => request('runCommits', { runId: focusRunId }) : null,
    `${focusRunId ?? ''}|${version}`,
    focusRunId ?? '',
  );
  const appliedRunFocus = useRef<string | null>(null);
  const pickRunCommit = useCallback(
    (commit: RunCommit) =>
      commit.row !== null ? selectRow(commit.row, 'center', commit.sha) : selectSha(commit.sha),
    [selectRow, selectSha],
  );
  useEffect(() => {
    if (focusRunId === null) {
      appliedRunFocus.current = null;
      return;
    }
    const answer = runCommits.value;
    if (answer === null || answer.runId !== focusRunId || appliedRunFocus.current === focusRunId) return;
    appliedRunFocus.current = focusRunId;
    const newest = answer.commits[0];
    if (newest !== undefined && focusSha === null) pickRunCommit(newest);
  }, [focusRunId, focusSha, runCommits.value, pickRunCommit]);

  // Without a focus, the newest commit is shown first.
  const total = graph?.total ?? 0;
  useEffect(() => {
    if (focus === null && selected.row === null && selected.sha === null && seek === null && total > 0) {
      setSelected({ row: 0, sha: commitAt(graph, 0)?.sha ?? null });
    }
  }, [focus, selected, seek, total, graph]);

  const detailSha = useDebouncedValue(selected.sha, 120);
  const detailCommit = useMemo(() => {
    if (detailSha === null) return undefined;
    const row =
      selected.row !== null && selected.sha === detailSha ? selected.row : rowOfSha(graph, detailSha);
    const commit = row !== null ? commitAt(graph, row) : undefined;
    return commit !== undefined && commit.sha.startsWith(detailSha.toLowerCase()) ? commit : undefined;
  }, [detailSha, selected, graph]);
  const whereabouts =
    unreachable ?? (seek !== null && located.searching ? 'Looking for this commit in the graph…' : null);

  const firstFailure = pages.error !== null && graph === null ? describeGraphFailure(pages.error) : null;
  // Without a repository there are no commits, so no run's commits to pick either.
  const noRepository = firstFailure?.kind === 'none_yet';
  const branchState = graph?.pages.get(0)?.runs.find((state) => state.runId === focusRunId);

  return (
    <div className="history" data-testid="history-screen">
      <div className="history__toolbar">
        <h2 className="history__title">
          Outcome history{' '}
          {graph !== null ? (
            <span className="count" data-testid="history-count">
              {formatCount(graph.total)} commit{graph.total === 1 ? '' : 's'}
            </span>
          ) : null}
        </h2>
        {graph !== null ? (
          <span className="muted mono history__repo" title={graph.repositoryDir}>
            {graph.repositoryDir}
          </span>
        ) : null}
        {noRepository ? null : (
          <label className="history__run-filter">
            <span className="muted">Run</span>
            <select
              className="select select--small"
              aria-label="Show the commits of a run"
              data-testid="history-run-filter"
              value={focusRunId ?? ''}
              onChange={(event) =>
                useViewStore.getState().openHistory(event.target.value ? { runId: event.target.value } : null)
              }
            >
              <option value="">All runs</option>
              {choices.map((runId) => (
                <option key={runId} value={runId}>
                  {runId}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="history-refresh"
          title="Read the history again"
          onClick={refresh}
        >
          Refresh
        </button>
      </div>
      {focusRunId !== null && !noRepository ? (
        <RunCommitsBar
          runId={focusRunId}
          commits={runCommits.value}
          error={runCommits.error}
          onRetry={runCommits.reload}
          branchState={branchState}
          selectedSha={selected.sha}
          onPick={pickRunCommit}
        />
      ) : null}
      {noRepository ? (
        <div className="history__empty" data-testid="history-empty" data-reason="no-repository">
          <p className="notice" data-testid="history-empty-text">
            {noHistoryText(isDadProject)}
          </p>
          <button type="button" className="button button--ghost button--small" onClick={pages.retry}>
            Look again
          </button>
        </div>
      ) : firstFailure !== null ? (
        <div className="history__empty">
          <ErrorBanner
            title={firstFailure.title}
            error={pages.error}
            onRetry={pages.retry}
            testId="history-error"
          />
        </div>
      ) : graph === null ? (
        <p className="muted history__empty" data-testid="history-loading">
          Reading the outcome history…
        </p>
      ) : graph.total === 0 ? (
        <p className="notice history__empty" data-testid="history-empty">
          The outcome repository has no commits yet.
        </p>
      ) : (
        <div className="history__body">
          <div className="history__graph-pane">
            <ErrorBanner
              title="Could not read more of the history"
              error={pages.error}
              onRetry={pages.retry}
              testId="history-error"
              compact
            />
            <ErrorBanner
              title="Could not find the commit"
              error={located.error}
              testId="history-locate-error"
              compact
            />
            <HistoryGraph
              graph={graph}
              selectedRow={selected.row}
              markedRunId={focusRunId}
              scrollRequest={scrollRequest}
              onSelect={selectRow}
              onOpen={() => setFocusRequest((count) => count + 1)}
              onVisibleRows={onVisibleRows}
            />
          </div>
          <div className="history__detail-pane">
            {detailSha !== null ? (
              <CommitDetail
                sha={detailSha}
                commit={detailCommit}
                whereabouts={whereabouts}
                focusRequest={focusRequest}
                onSelectSha={selectSha}
              />
            ) : (
              <p className="muted history__no-selection">Select a commit to see the files it changed.</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
