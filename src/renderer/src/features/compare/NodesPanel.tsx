import { useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { NodeComparison, RunComparison } from '../../../../shared/compare-data';
import { formatCount } from '../../format/format';
import { visibleNodes } from './compare-view';
import { NodeChanges } from './NodeChanges';
import { NUMERIC_NODE_COLUMNS, nodeColumns, nodeTableFeatures } from './node-columns';
import { useListCursor } from './useListCursor';

const ROW_HEIGHT = 30;

/** Node by node: which differ and in what, with the selected node's output and outcome changes. */
export function NodesPanel(props: { nodes: readonly NodeComparison[]; counts: RunComparison['nodeCounts'] }) {
  const { nodes, counts } = props;
  const [onlyDiffering, setOnlyDiffering] = useState(true);
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const data = useMemo(() => visibleNodes(nodes, onlyDiffering), [nodes, onlyDiffering]);
  const table = useTable({
    features: nodeTableFeatures,
    columns: nodeColumns,
    data,
    getRowId: (node) => node.hierarchyPath,
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
  });
  const selected = data.find((node) => node.hierarchyPath === selectedPath) ?? data[0] ?? null;
  const selectedIndex = selected === null ? -1 : data.indexOf(selected);
  const onKey = useListCursor(rows.length, selectedIndex, scrollRef, virtualizer, (index) => {
    const row = rows[index];
    if (row) setSelectedPath(row.id);
  });

  const extras = [
    counts.reused > 0 ? `${formatCount(counts.reused)} reused` : '',
    counts.onlyInA > 0 ? `${formatCount(counts.onlyInA)} only in A` : '',
    counts.onlyInB > 0 ? `${formatCount(counts.onlyInB)} only in B` : '',
  ].filter((part) => part !== '');

  return (
    <div className="compare-nodes">
      <div className="compare-nodes__toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={onlyDiffering}
            data-testid="compare-only-differing"
            onChange={(event) => setOnlyDiffering(event.target.checked)}
          />
          only differing
        </label>
        <span className="muted compare-nodes__counts" data-testid="compare-node-counts">
          {formatCount(counts.differing)} of {formatCount(counts.total)} nodes differ
          {extras.length > 0 ? ` · ${extras.join(' · ')}` : ''}
        </span>
      </div>
      <div className="compare-grid" role="grid" aria-rowcount={rows.length + 1} data-testid="compare-nodes">
        <div className="compare-grid__head" role="row">
          {table.getHeaderGroups()[0]?.headers.map((header) => (
            <div
              key={header.id}
              role="columnheader"
              className={
                NUMERIC_NODE_COLUMNS.has(header.id)
                  ? 'compare-grid__th compare-grid__th--num'
                  : 'compare-grid__th'
              }
            >
              <table.FlexRender header={header} />
            </div>
          ))}
        </div>
        <div className="compare-grid__body" ref={scrollRef}>
          {rows.length === 0 ? (
            <p className="muted compare-grid__empty" data-testid="compare-nodes-none">
              {onlyDiffering ? 'No node differs between the two runs.' : 'Neither run has nodes.'}
            </p>
          ) : null}
          <div className="compare-list__spacer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              const isSelected = row.id === selected?.hierarchyPath;
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-selected={isSelected}
                  tabIndex={isSelected || (selectedIndex < 0 && item.index === 0) ? 0 : -1}
                  className={
                    isSelected ? 'compare-grid__row compare-grid__row--selected' : 'compare-grid__row'
                  }
                  data-testid="compare-node"
                  data-path={row.id}
                  data-differs={row.original.differsAtAll}
                  data-row-index={item.index}
                  style={{ transform: `translateY(${item.start}px)` }}
                  onClick={() => setSelectedPath(row.id)}
                  onKeyDown={onKey}
                >
                  {row.getAllCells().map((cell) => (
                    <div
                      key={cell.id}
                      role="gridcell"
                      className={
                        NUMERIC_NODE_COLUMNS.has(cell.column.id)
                          ? 'compare-grid__td compare-grid__td--num'
                          : 'compare-grid__td'
                      }
                    >
                      <table.FlexRender cell={cell} />
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {selected ? <NodeChanges key={selected.hierarchyPath} node={selected} /> : null}
    </div>
  );
}
