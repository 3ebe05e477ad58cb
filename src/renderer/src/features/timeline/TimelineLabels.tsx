import { memo } from 'react';
import { isNodeSpan } from '../../live/span-kinds';
import type { SpanRow } from '../../../../shared/run-data';
import { spanKey } from '../../live/rows-model';
import { rowLabel, sameLabel } from './row-label';
import { labelBandBase, ROW_HEIGHT } from './timeline-geometry';

interface TimelineLabelsProps {
  first: number;
  last: number;
  rowScroll: number;
  rowAt(index: number): SpanRow | undefined;
  selectedIndex: number;
  selectedSpanId: string | null;
  collapsed: ReadonlySet<string>;
  matches: ReadonlySet<string>;
  /** Each row names its service, in its colour (a run of several services); else null. */
  serviceColors: ReadonlyMap<string, string> | null;
  onSelect(index: number): void;
  onToggle(row: SpanRow): void;
}

const INDENT = 14;

/**
 * The label column: one DOM row per visible span only. Rows sit at fixed places in a track that one
 * transform moves with the scroll, so a scroll re-renders and lays out only the rows that came into
 * view, not every row.
 */
export function TimelineLabels({ rowScroll, ...rows }: TimelineLabelsProps) {
  const base = labelBandBase(rows.first);
  return (
    <div className="timeline-labels">
      <div
        className="timeline-labels__track"
        style={{ transform: `translateY(${base * ROW_HEIGHT - rowScroll}px)` }}
      >
        <LabelRows base={base} {...rows} />
      </div>
    </div>
  );
}

type LabelRowsProps = Omit<TimelineLabelsProps, 'rowScroll'> & { base: number };

const LabelRows = memo(function LabelRows(props: LabelRowsProps) {
  const items = [];
  for (let index = props.first; index <= props.last; index++) {
    const top = (index - props.base) * ROW_HEIGHT;
    const row = props.rowAt(index);
    if (!row) {
      items.push(
        <div
          key={`pending-${index}`}
          className={`timeline-label timeline-label--pending${index % 2 === 1 ? ' timeline-label--alternate' : ''}`}
          style={{ top }}
          aria-hidden="true"
        >
          <span className="timeline-label__skeleton" />
        </div>,
      );
      continue;
    }
    items.push(
      <LabelRow
        key={row.spanId}
        row={row}
        index={index}
        top={top}
        selected={index === props.selectedIndex && row.spanId === props.selectedSpanId}
        collapsed={props.collapsed.has(row.spanId)}
        match={props.matches.has(spanKey(row.spanId))}
        serviceColors={props.serviceColors}
        onSelect={props.onSelect}
        onToggle={props.onToggle}
      />,
    );
  }
  return items;
});

interface LabelRowProps {
  row: SpanRow;
  index: number;
  top: number;
  selected: boolean;
  collapsed: boolean;
  match: boolean;
  serviceColors: ReadonlyMap<string, string> | null;
  onSelect(index: number): void;
  onToggle(row: SpanRow): void;
}

/** One span's label; a row merely scrolled, or fetched again unchanged, skips its render. */
const LabelRow = memo(LabelRowView, (before, after) => {
  const { row: rowBefore, ...restBefore } = before;
  const { row: rowAfter, ...restAfter } = after;
  if (!sameLabel(rowBefore, rowAfter)) return false;
  return (Object.keys(restAfter) as (keyof typeof restAfter)[]).every(
    (key) => restBefore[key] === restAfter[key],
  );
});

function LabelRowView({
  row,
  index,
  top,
  selected,
  collapsed,
  match,
  serviceColors,
  onSelect,
  onToggle,
}: LabelRowProps) {
  const service = serviceColors ? (row.serviceName ?? null) : null;
  const color = service === null ? undefined : serviceColors?.get(service);
  const label = rowLabel(row);
  const classes = ['timeline-label', `timeline-label--${row.status.toLowerCase()}`];
  // By index, as the canvas stripes its rows, so a row keeps its stripe while it scrolls.
  if (index % 2 === 1) classes.push('timeline-label--alternate');
  if (selected) classes.push('timeline-label--selected');
  if (match) classes.push('timeline-label--match');
  if (row.reusedFrom) classes.push('timeline-label--reused');
  return (
    <div
      id={`span-row-${index}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? !collapsed : undefined}
      className={classes.join(' ')}
      style={{ top, paddingLeft: 4 + row.depth * INDENT }}
      data-testid="timeline-row"
      data-span-id={row.spanId}
      data-index={index}
      data-status={row.status}
      data-service={row.serviceName ?? undefined}
      data-node-id={isNodeSpan(row.name) ? (row.nodeId ?? undefined) : undefined}
      title={[
        row.name,
        row.hierarchyPath,
        service ? `service ${service}` : null,
        row.reusedFrom ? `reused from ${row.reusedFrom}` : null,
      ]
        .filter(Boolean)
        .join('\n')}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onSelect(index)}
    >
      {row.hasChildren ? (
        <button
          type="button"
          tabIndex={-1}
          className="timeline-label__twisty"
          aria-label={collapsed ? `Expand ${row.name}` : `Collapse ${row.name}`}
          data-testid="timeline-toggle"
          onClick={(event) => {
            event.stopPropagation();
            onToggle(row);
          }}
        >
          {collapsed ? '▸' : '▾'}
        </button>
      ) : (
        <span className="timeline-label__twisty timeline-label__twisty--leaf" aria-hidden="true" />
      )}
      <span
        className="timeline-label__dot"
        aria-hidden="true"
        style={
          color && row.status !== 'ERROR' && row.status !== 'RUNNING' ? { background: color } : undefined
        }
      />
      <span className="timeline-label__name">{label.name}</span>
      {label.part ? <span className="timeline-label__part">{label.part}</span> : null}
      {row.nodeId ? <span className="timeline-label__type">{row.nodeType ?? row.name}</span> : null}
      {service ? (
        <span className="timeline-label__service" data-testid="timeline-row-service">
          {service}
        </span>
      ) : null}
      {collapsed && row.childCount > 0 ? (
        <span className="timeline-label__count">+{row.childCount}</span>
      ) : null}
      {row.reusedFrom ? (
        <span className="timeline-label__reused" data-testid="timeline-reused">
          reused from {row.reusedFrom}
        </span>
      ) : null}
    </div>
  );
}
