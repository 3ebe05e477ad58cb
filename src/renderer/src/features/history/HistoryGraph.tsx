import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { CSSProperties, KeyboardEvent } from 'react';
import type { GraphCommit, GraphRef } from '../../../../shared/compare-data';
import { formatDateTime } from '../../format/format';
import { useViewStore } from '../../stores/view-store';
import { nodeIdOfPath, refLabel, shortSha, subjectBesideRun } from './commit-text';
import { commitAt, edgesInto } from './graph-pages';
import type { GraphPages } from './graph-pages';
import { GraphLanes } from './GraphLanes';
import { graphWidth, LANE_GEOMETRY } from './lane-geometry';
import { rowAfterKey } from './list-keys';

const ROW_HEIGHT = LANE_GEOMETRY.rowHeight;

/** A request to bring a row into view; `sequence` tells two requests for the same row apart. */
export interface ScrollRequest {
  row: number;
  sequence: number;
  align: 'auto' | 'center';
}

interface HistoryGraphProps {
  graph: GraphPages | null;
  selectedRow: number | null;
  /** Commits of this run are marked. */
  markedRunId: string | null;
  scrollRequest: ScrollRequest | null;
  onSelect(row: number, align: 'auto' | 'center' | null): void;
  /** Enter on the selected row. */
  onOpen(): void;
  onVisibleRows(first: number, last: number): void;
}

function RefTags({ refs }: { refs: readonly GraphRef[] }) {
  if (refs.length === 0) return null;
  return (
    <span className="history-row__refs">
      {refs.map((ref) => (
        <span
          key={ref.name}
          className={`tag history-ref history-ref--${ref.name.startsWith('run/') ? 'run' : ref.kind}`}
          data-testid="history-ref"
          title={ref.name}
        >
          {refLabel(ref.name)}
        </span>
      ))}
    </span>
  );
}

function CommitCells({ commit }: { commit: GraphCommit }) {
  return (
    <>
      <span role="gridcell" className="mono history-row__sha">
        {shortSha(commit.sha)}
      </span>
      <span role="gridcell" className="history-row__subject" title={commit.subject}>
        <RefTags refs={commit.refs} />
        <span className="history-row__subject-text">{subjectBesideRun(commit.subject, commit.runId)}</span>
      </span>
      <span role="gridcell" className="history-row__run">
        {commit.runId ? (
          <button
            type="button"
            tabIndex={-1}
            className="link-button mono history-row__run-link"
            data-testid="history-row-run"
            title={`Open run ${commit.runId}`}
            onClick={(event) => {
              event.stopPropagation();
              useViewStore.getState().openRun(commit.runId!);
            }}
          >
            <bdi>{commit.runId}</bdi>
          </button>
        ) : (
          <span className="muted">—</span>
        )}
      </span>
      <span role="gridcell" className="mono history-row__node" title={commit.nodeId ?? undefined}>
        {commit.nodeId !== null ? nodeIdOfPath(commit.nodeId) : <span className="muted">—</span>}
      </span>
      <span role="gridcell" className="history-row__date">
        {formatDateTime(commit.authoredAt)}
      </span>
    </>
  );
}

/** The outcome repository's commits, newest first, with their lanes; virtualized, a page read at a time. */
export function HistoryGraph(props: HistoryGraphProps) {
  const { graph, selectedRow, markedRunId, scrollRequest, onSelect, onOpen, onVisibleRows } = props;
  const total = graph?.total ?? 0;
  const width = graphWidth(graph?.laneCount ?? 1);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    getItemKey: (index) => commitAt(graph, index)?.sha ?? `row-${index}`,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => onVisibleRows(first, last), [first, last, onVisibleRows]);

  // A request waits until the graph has that many rows, and is carried out once.
  const scrolledFor = useRef(-1);
  useEffect(() => {
    if (scrollRequest === null || scrollRequest.sequence === scrolledFor.current) return;
    if (scrollRequest.row >= total) return;
    scrolledFor.current = scrollRequest.sequence;
    virtualizer.scrollToIndex(scrollRequest.row, { align: scrollRequest.align });
  }, [scrollRequest, total, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (selectedRow !== null) onOpen();
      return;
    }
    const pageRows = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1,
    );
    const next = rowAfterKey(event.key, selectedRow, total, pageRows);
    if (next === null) return;
    event.preventDefault();
    onSelect(next, 'auto');
  };

  const style = { '--history-graph-width': `${width}px` } as CSSProperties;
  return (
    <div className="history-graph" style={style}>
      <div className="history-graph__head" aria-hidden="true">
        <span />
        <span>Commit</span>
        <span>Subject</span>
        <span>Run</span>
        <span>Node</span>
        <span>Date</span>
      </div>
      <div
        className="history-graph__body"
        ref={scrollRef}
        role="grid"
        tabIndex={0}
        aria-label="Commits, newest first"
        aria-rowcount={total}
        aria-activedescendant={selectedRow !== null ? `history-row-${selectedRow}` : undefined}
        data-testid="history-graph"
        onKeyDown={onKeyDown}
      >
        <div className="history-graph__spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const commit = commitAt(graph, item.index);
            const selected = item.index === selectedRow;
            const marked = commit !== undefined && markedRunId !== null && commit.runId === markedRunId;
            const classes = ['history-row'];
            if (selected) classes.push('history-row--selected');
            if (marked) classes.push('history-row--marked');
            if (!commit) classes.push('history-row--pending');
            return (
              <div
                key={item.key}
                id={`history-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 1}
                aria-selected={selected}
                className={classes.join(' ')}
                style={{ transform: `translateY(${item.start}px)` }}
                data-testid={commit ? 'history-row' : 'history-row-pending'}
                data-row={item.index}
                data-sha={commit?.sha}
                data-run-id={commit?.runId ?? undefined}
                data-node-id={commit?.nodeId ?? undefined}
                data-marked={marked ? 'true' : undefined}
                onClick={() => {
                  onSelect(item.index, null);
                  scrollRef.current?.focus({ preventScroll: true });
                }}
              >
                <span role="gridcell" className="history-row__graph">
                  {commit ? (
                    <GraphLanes
                      lane={commit.lane}
                      edges={commit.edges}
                      edgesAbove={edgesInto(graph, item.index) ?? []}
                      width={width}
                      marked={marked}
                    />
                  ) : null}
                </span>
                {commit ? (
                  <CommitCells commit={commit} />
                ) : (
                  <span role="gridcell" className="muted history-row__loading">
                    loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
