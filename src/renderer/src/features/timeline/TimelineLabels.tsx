import { isNodeSpan } from '../../live/span-kinds';
import type { SpanRow } from '../../../../shared/run-data';
import { spanKey } from '../../live/rows-model';
import { rowLabel } from './row-label';
import { ROW_HEIGHT } from './timeline-geometry';

interface TimelineLabelsProps {
  first: number;
  last: number;
  rowScroll: number;
  rowAt(index: number): SpanRow | undefined;
  selectedIndex: number;
  selectedSpanId: string | null;
  collapsed: ReadonlySet<string>;
  matches: ReadonlySet<string>;
  onSelect(index: number): void;
  onToggle(row: SpanRow): void;
}

const INDENT = 14;

/** The label column: one DOM row per visible span only, positioned by the same scroll as the canvas. */
export function TimelineLabels(props: TimelineLabelsProps) {
  const items = [];
  for (let index = props.first; index <= props.last; index++) {
    const top = index * ROW_HEIGHT - props.rowScroll;
    const row = props.rowAt(index);
    if (!row) {
      items.push(
        <div
          key={`pending-${index}`}
          className="timeline-label timeline-label--pending"
          style={{ top }}
          aria-hidden="true"
        >
          <span className="timeline-label__skeleton" />
        </div>,
      );
      continue;
    }
    const isCollapsed = props.collapsed.has(row.spanId);
    const selected = index === props.selectedIndex && row.spanId === props.selectedSpanId;
    const label = rowLabel(row);
    const classes = ['timeline-label', `timeline-label--${row.status.toLowerCase()}`];
    if (selected) classes.push('timeline-label--selected');
    if (props.matches.has(spanKey(row.spanId))) classes.push('timeline-label--match');
    if (row.reusedFrom) classes.push('timeline-label--reused');
    items.push(
      <div
        key={row.spanId}
        id={`span-row-${index}`}
        role="treeitem"
        aria-level={row.depth + 1}
        aria-selected={selected}
        aria-expanded={row.hasChildren ? !isCollapsed : undefined}
        className={classes.join(' ')}
        style={{ top, paddingLeft: 4 + row.depth * INDENT }}
        data-testid="timeline-row"
        data-span-id={row.spanId}
        data-index={index}
        data-status={row.status}
        data-node-id={isNodeSpan(row.name) ? (row.nodeId ?? undefined) : undefined}
        title={[row.name, row.hierarchyPath, row.reusedFrom ? `reused from ${row.reusedFrom}` : null]
          .filter(Boolean)
          .join('\n')}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => props.onSelect(index)}
      >
        {row.hasChildren ? (
          <button
            type="button"
            tabIndex={-1}
            className="timeline-label__twisty"
            aria-label={isCollapsed ? `Expand ${row.name}` : `Collapse ${row.name}`}
            data-testid="timeline-toggle"
            onClick={(event) => {
              event.stopPropagation();
              props.onToggle(row);
            }}
          >
            {isCollapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="timeline-label__twisty timeline-label__twisty--leaf" aria-hidden="true" />
        )}
        <span className="timeline-label__dot" aria-hidden="true" />
        <span className="timeline-label__name">{label.name}</span>
        {label.part ? <span className="timeline-label__part">{label.part}</span> : null}
        {row.nodeId ? <span className="timeline-label__type">{row.nodeType ?? row.name}</span> : null}
        {isCollapsed && row.childCount > 0 ? (
          <span className="timeline-label__count">+{row.childCount}</span>
        ) : null}
        {row.reusedFrom ? (
          <span className="timeline-label__reused" data-testid="timeline-reused">
            reused from {row.reusedFrom}
          </span>
        ) : null}
      </div>,
    );
  }
  return <div className="timeline-labels">{items}</div>;
}
