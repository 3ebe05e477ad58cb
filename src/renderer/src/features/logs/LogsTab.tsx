import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatClockMicros, formatCount } from '../../format/format';
import { fixedRowWindow, scrollTopToEnd } from '../../hooks/fixed-rows';
import { useElementSize } from '../../hooks/useElementSize';
import { useDebouncedValue, useThrottledValue } from '../../hooks/useThrottledValue';
import { isoToMicros } from '../../live/timestamps';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useReplayAsOf } from '../../stores/replay-store';
import { useViewStore } from '../../stores/view-store';
import { checkNodeFilter, LEVEL_FILTERS, levelClass } from './log-levels';
import { useLogWindow } from './useLogWindow';
import './logs.css';

const ROW_HEIGHT = 22;

function rowIndexes(first: number, last: number): number[] {
  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);
  return indexes;
}

/** The run's log lines, filtered by level, node and text; virtualized and fetched a window at a time. */
export function LogsTab({ runId }: { runId: string }) {
  // Runner and component spans have no log lines of their own: following them shows every node's.
  const selectedNode = useViewStore((state) => (state.selected?.isNode ? state.selected.nodeId : null));
  const live = useLiveRunStore((state) => state.run?.live ?? false);
  const until = useReplayAsOf(runId);
  // A replay shows the latest lines of its moment, as a live run shows its latest.
  const follows = live || until !== undefined;
  const logsVersion = useLiveRunStore((state) => state.run?.logsVersion ?? 0);
  const version = useThrottledValue(logsVersion, 300);
  const [minSeverity, setMinSeverity] = useState(0);
  const [followSelection, setFollowSelection] = useState(true);
  const [nodeText, setNodeText] = useState('');
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState<number | null>(null);
  const settledText = useDebouncedValue(text.trim(), 250);
  const settledNode = useDebouncedValue(nodeText, 250);
  const nodeFilter = checkNodeFilter(followSelection ? (selectedNode ?? '') : settledNode);

  const scrollRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ first: 0, last: 50 });
  const logs = useLogWindow(
    runId,
    { minSeverity, nodeId: nodeFilter.nodeId, text: settledText, until },
    range.first,
    range.last,
    version,
  );
  // Rows are of one height: what is on screen follows from the scroll position, and nothing is
  // kept per line, so a million-line log costs what a hundred-line one does.
  const [scrollTop, setScrollTop] = useState(0);
  const { height: viewportHeight } = useElementSize(scrollRef);
  const rows = fixedRowWindow({
    scrollTop,
    viewportHeight,
    count: logs.count,
    rowHeight: ROW_HEIGHT,
    overscan: 20,
  });
  const firstItem = rows.first;
  const lastItem = Math.max(rows.first, rows.last);

  useEffect(() => {
    setRange((current) =>
      current.first === firstItem && current.last === lastItem
        ? current
        : { first: firstItem, last: lastItem },
    );
  }, [firstItem, lastItem]);

  // While live and scrolled to the end, stay at the end as lines arrive.
  const atEnd = useRef(true);
  const scrollToEnd = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    element.scrollTop = scrollTopToEnd(logs.count - 1, {
      viewportHeight: element.clientHeight,
      count: logs.count,
      rowHeight: ROW_HEIGHT,
    });
    setScrollTop(element.scrollTop);
  }, [logs.count]);
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const onScroll = () => {
      setScrollTop(element.scrollTop);
      atEnd.current = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT * 2;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, []);
  useEffect(() => {
    if (follows && atEnd.current && logs.count > 0) scrollToEnd();
  }, [follows, logs.count, scrollToEnd]);

  const expandedLine = expanded !== null ? logs.lineAt(expanded) : undefined;

  return (
    <section className="logs" data-testid="logs-tab" aria-label="Logs">
      <div className="logs__filters" role="toolbar" aria-label="Log filters">
        <select
          className="select select--small"
          aria-label="Minimum level"
          data-testid="logs-level"
          value={minSeverity}
          onChange={(event) => setMinSeverity(Number(event.target.value))}
        >
          {LEVEL_FILTERS.map((level) => (
            <option key={level.minSeverity} value={level.minSeverity}>
              {level.label}
            </option>
          ))}
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={followSelection}
            data-testid="logs-follow-selection"
            onChange={(event) => setFollowSelection(event.target.checked)}
          />
          follows the selection
        </label>
        <input
          className={
            nodeFilter.problem
              ? 'text-input text-input--small text-input--invalid'
              : 'text-input text-input--small'
          }
          placeholder={followSelection ? (selectedNode ?? 'all nodes') : 'node id'}
          aria-label="Node"
          data-testid="logs-node"
          disabled={followSelection}
          value={followSelection ? (selectedNode ?? '') : nodeText}
          onChange={(event) => setNodeText(event.target.value)}
        />
        <input
          type="search"
          className="text-input text-input--small logs__text"
          placeholder="Filter text"
          aria-label="Filter log text"
          data-testid="logs-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <span className="muted logs__count" data-testid="logs-count">
          {formatCount(logs.count)} line{logs.count === 1 ? '' : 's'}
          {logs.loading ? ' · loading…' : ''}
        </span>
        {nodeFilter.problem ? <span className="field-error">{nodeFilter.problem}</span> : null}
      </div>
      <ErrorBanner
        title="Could not load the logs"
        error={logs.error}
        testId="logs-error"
        compact
        onRetry={logs.retry}
      />
      <div className="logs__head" aria-hidden="true">
        <span>Level</span>
        <span>Time</span>
        <span>Node</span>
        <span>Message</span>
      </div>
      <div
        className="logs__body"
        ref={scrollRef}
        data-testid="logs-body"
        role="table"
        aria-label="Log lines"
        aria-rowcount={logs.count}
      >
        {logs.count === 0 && !logs.loading ? (
          <div className="logs__empty muted" data-testid="logs-empty">
            No log lines{nodeFilter.nodeId ? ` for ${nodeFilter.nodeId}` : ''}
            {settledText ? ` matching “${settledText}”` : ''}.
          </div>
        ) : null}
        <div className="logs__spacer" style={{ height: rows.scrollHeight }}>
          {rowIndexes(rows.first, rows.last).map((index) => {
            const line = logs.lineAt(index);
            return (
              <div
                key={line?.index ?? `pending-${index}`}
                role="row"
                tabIndex={-1}
                className={
                  line
                    ? `logs__row logs__row--${levelClass(line.severityNumber)}${expanded === index ? ' logs__row--selected' : ''}`
                    : 'logs__row logs__row--pending'
                }
                style={{ transform: `translateY(${rows.topOf(index)}px)` }}
                data-testid={line ? 'log-row' : 'log-row-pending'}
                data-timestamp={line?.timestamp}
                onClick={() => setExpanded(expanded === index ? null : index)}
              >
                {line ? (
                  <>
                    <span role="cell" className={`level level--${levelClass(line.severityNumber)}`}>
                      {line.severityText || levelClass(line.severityNumber).toUpperCase()}
                    </span>
                    <span role="cell" className="mono logs__time">
                      {formatClockMicros(isoToMicros(line.timestamp))}
                    </span>
                    <span role="cell" className="mono logs__node" title={line.nodeId ?? undefined}>
                      {line.nodeId ?? '—'}
                    </span>
                    <span role="cell" className="logs__message" title={line.body}>
                      {line.body}
                    </span>
                  </>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
      {expandedLine ? (
        <div className="logs__detail" data-testid="log-detail">
          <div className="logs__detail-head">
            <span className={`level level--${levelClass(expandedLine.severityNumber)}`}>
              {expandedLine.severityText}
            </span>
            <span className="mono">{expandedLine.timestamp}</span>
            <span className="mono">{expandedLine.nodeId ?? ''}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Close"
              onClick={() => setExpanded(null)}
            >
              ×
            </button>
          </div>
          <pre className="text-block">{expandedLine.body}</pre>
        </div>
      ) : null}
    </section>
  );
}
