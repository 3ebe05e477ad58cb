import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { JSX, ReactNode } from 'react';
import type { FileDiff, SideBySideRow } from '../../../../shared/compare-data';
import { formatCount } from '../../format/format';
import { diffBodyNote, drawnLine, lineNumberDigits, sideCellKind, sizeLabel, unifiedRows } from './diff-rows';
import type { UnifiedRow } from './diff-rows';
import './file-diff.css';

export type DiffMode = 'unified' | 'side-by-side';

const ROW_HEIGHT = 20;

/**
 * One file's diff: a header (path, rename, +/- counts, sizes) and its lines, unified or side by
 * side, drawn as a virtualized list. Binary and too-large files show the service's message only.
 */
export function FileDiffView(props: { diff: FileDiff; mode: DiffMode }): JSX.Element {
  const { diff, mode } = props;
  const note = diffBodyNote(diff, mode);
  return (
    <section
      className="file-diff"
      data-testid="file-diff"
      data-mode={mode}
      aria-label={`Diff of ${diff.path}`}
    >
      <FileDiffHeader diff={diff} />
      {note !== null ? (
        <div className="file-diff__note" data-testid="file-diff-message">
          {note}
        </div>
      ) : mode === 'side-by-side' ? (
        <SideBySideBody key={`${diff.shaA ?? ''}:${diff.shaB}:${diff.path}`} rows={diff.sideBySide ?? []} />
      ) : (
        <UnifiedBody key={`${diff.shaA ?? ''}:${diff.shaB}:${diff.path}`} diff={diff} />
      )}
    </section>
  );
}

function FileDiffHeader({ diff }: { diff: FileDiff }) {
  const sizes = sizeLabel(diff);
  return (
    <header className="file-diff__header" data-testid="file-diff-header">
      <span className={`file-diff__status file-diff__status--${diff.status}`}>{diff.status}</span>
      <span className="file-diff__path" title={diff.path}>
        {diff.oldPath !== undefined ? (
          <>
            <span className="file-diff__old-path">{diff.oldPath}</span>
            <span aria-label="renamed to"> → </span>
          </>
        ) : null}
        {diff.path}
      </span>
      {!diff.binary && !diff.tooLarge ? (
        <span className="file-diff__counts" data-testid="file-diff-counts">
          <span className="file-diff__additions">+{formatCount(diff.additions)}</span>{' '}
          <span className="file-diff__deletions">−{formatCount(diff.deletions)}</span>
        </span>
      ) : null}
      {diff.binary ? <span className="tag">binary</span> : null}
      {sizes ? <span className="file-diff__sizes muted">{sizes}</span> : null}
    </header>
  );
}

/** A diff row: its kind styles it, its line numbers size the number columns. */
type NumberedRow = { kind: string; oldNumber: number | null; newNumber: number | null };

interface DiffRowsBodyProps<Row extends NumberedRow> {
  rows: readonly Row[];
  label: string;
  /** `unified` or `split`: the rows' layout class. */
  layout: 'unified' | 'split';
  rowTestId: string;
  renderCells(row: Row): ReactNode;
}

/** The diff's lines as a virtualized table: only the rows on screen (and a margin) are drawn. */
function DiffRowsBody<Row extends NumberedRow>(props: DiffRowsBodyProps<Row>) {
  const { rows, label, layout, rowTestId, renderCells } = props;
  const digits = lineNumberDigits(rows);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  return (
    <div
      className="file-diff__body"
      ref={scrollRef}
      tabIndex={0}
      role="table"
      aria-label={label}
      aria-rowcount={rows.length}
      data-testid="file-diff-body"
      style={{ ['--file-diff-digits' as string]: `${digits}ch` }}
    >
      <div className="file-diff__spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="row"
              className={`file-diff__row file-diff__row--${layout} file-diff__row--${row.kind}`}
              data-testid={rowTestId}
              data-kind={row.kind}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {renderCells(row)}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function UnifiedBody({ diff }: { diff: FileDiff }) {
  const rows = useMemo(() => unifiedRows(diff.hunks), [diff.hunks]);
  return (
    <DiffRowsBody
      rows={rows}
      label="Unified diff"
      layout="unified"
      rowTestId="diff-line"
      renderCells={(row) => <UnifiedCells row={row} />}
    />
  );
}

function SideBySideBody({ rows }: { rows: readonly SideBySideRow[] }) {
  return (
    <DiffRowsBody
      rows={rows}
      label="Side-by-side diff"
      layout="split"
      rowTestId="diff-split-row"
      renderCells={(row) =>
        row.kind === 'gap' ? (
          <span role="cell" className="file-diff__banner file-diff__gap">
            ⋯
          </span>
        ) : (
          <>
            <SideCells row={row} side="old" />
            <SideCells row={row} side="new" />
          </>
        )
      }
    />
  );
}

const MARKERS: Record<UnifiedRow['kind'], string> = {
  hunk: '',
  context: ' ',
  added: '+',
  removed: '-',
  note: '',
};

function UnifiedCells({ row }: { row: UnifiedRow }) {
  if (row.kind === 'hunk' || row.kind === 'note') {
    return (
      <span role="cell" className="file-diff__banner">
        {row.text}
      </span>
    );
  }
  return (
    <>
      <span role="cell" className="file-diff__number">
        {row.oldNumber ?? ''}
      </span>
      <span role="cell" className="file-diff__number">
        {row.newNumber ?? ''}
      </span>
      <span role="cell" className="file-diff__marker" aria-hidden="true">
        {MARKERS[row.kind]}
      </span>
      <span role="cell" className="file-diff__text">
        {drawnLine(row.text)}
      </span>
    </>
  );
}

function SideCells({ row, side }: { row: SideBySideRow; side: 'old' | 'new' }) {
  const kind = sideCellKind(row, side);
  const number = side === 'old' ? row.oldNumber : row.newNumber;
  const text = side === 'old' ? row.oldText : row.newText;
  return (
    <>
      <span role="cell" className={`file-diff__number file-diff__cell--${kind}`}>
        {number ?? ''}
      </span>
      <span role="cell" className={`file-diff__text file-diff__cell--${kind}`} data-side={side}>
        {drawnLine(text)}
      </span>
    </>
  );
}
