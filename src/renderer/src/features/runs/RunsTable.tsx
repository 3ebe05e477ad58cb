import { useVirtualizer } from '@tanstack/react-virtual';
import { useTable } from '@tanstack/react-table';
import type { SortingState } from '@tanstack/react-table';
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { RunListEntry } from '../../../../shared/run-data';
import { useViewStore } from '../../stores/view-store';
import { NUMERIC_COLUMNS, runsColumns, runsTableFeatures } from './runs-columns';

const ROW_HEIGHT = 30;
const INITIAL_SORT: SortingState = [{ id: 'start', desc: true }];

/** The runs, sortable by any column, drawn as a virtualized grid keyed by run id. */
export function RunsTable({ runs }: { runs: readonly RunListEntry[] }) {
  const [sorting, setSorting] = useState<SortingState>(INITIAL_SORT);
  const data = useMemo(() => runs.slice(), [runs]);
  const table = useTable(
    {
      features: runsTableFeatures,
      columns: runsColumns,
      data,
      getRowId: (run) => run.runId,
      state: { sorting },
      onSortingChange: setSorting,
    },
    (state) => ({ sorting: state.sorting }),
  );
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
  });

  const open = (runId: string) => useViewStore.getState().openRun(runId);

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows.length) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`)?.focus();
    });
  };

  const onRowKey = (event: KeyboardEvent<HTMLDivElement>, index: number, runId: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(runId);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(index - 1);
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusRow(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusRow(rows.length - 1);
    }
  };

  return (
    <div className="runs-grid" role="grid" aria-rowcount={rows.length + 1} data-testid="runs-table">
      <div className="runs-grid__head" role="row">
        {table.getHeaderGroups()[0]?.headers.map((header) => {
          const sorted = header.column.getIsSorted();
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
              className={
                NUMERIC_COLUMNS.has(header.id) ? 'runs-grid__th runs-grid__th--num' : 'runs-grid__th'
              }
            >
              <button
                type="button"
                className="sort-button"
                data-testid={`runs-sort-${header.id}`}
                onClick={header.column.getToggleSortingHandler()}
              >
                <table.FlexRender header={header} />
                <span className="sort-button__arrow" aria-hidden="true">
                  {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                </span>
              </button>
            </div>
          );
        })}
      </div>
      <div className="runs-grid__body" ref={scrollRef} data-testid="runs-table-body">
        <div className="runs-grid__spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={row.id}
                role="row"
                tabIndex={0}
                aria-rowindex={item.index + 2}
                className={`runs-grid__row runs-grid__row--${row.original.status}`}
                data-testid="run-row"
                data-run-id={row.id}
                data-row-index={item.index}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => open(row.id)}
                onKeyDown={(event) => onRowKey(event, item.index, row.id)}
                title={row.original.error ?? undefined}
              >
                {row.getAllCells().map((cell) => (
                  <div
                    key={cell.id}
                    role="gridcell"
                    data-column={cell.column.id}
                    className={
                      NUMERIC_COLUMNS.has(cell.column.id)
                        ? 'runs-grid__td runs-grid__td--num'
                        : 'runs-grid__td'
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
  );
}
