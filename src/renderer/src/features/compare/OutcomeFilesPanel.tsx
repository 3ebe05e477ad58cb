import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import type { OutcomeComparison, OutcomeFileChange } from '../../../../shared/compare-data';
import { request } from '../../api/api-client';
import { FileDiffView } from '../../components/diff/FileDiffView';
import type { DiffMode } from '../../components/diff/FileDiffView';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useCallResult } from '../../hooks/useCallResult';
import { fileStatusMark, folderOf, lineCountsLabel, nameOf } from './compare-view';
import { useListCursor } from './useListCursor';

const ROW_HEIGHT = 26;

/** The outcome files that differ between the two runs' branches, and the diff of the one selected. */
export function OutcomeFilesPanel({ outcome }: { outcome: OutcomeComparison }) {
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [mode, setMode] = useState<DiffMode>('unified');

  if (!outcome.available) {
    return (
      <p className="notice compare__notice" data-testid="compare-outcome-unavailable">
        The outcome files were not compared: {outcome.reason ?? 'no reason was given'}.
      </p>
    );
  }
  if (outcome.files.length === 0) {
    return (
      <p className="notice compare__notice" data-testid="compare-files-none">
        No outcome file differs between the two runs.
      </p>
    );
  }
  const selected = outcome.files.find((file) => file.path === selectedPath) ?? outcome.files[0] ?? null;

  return (
    <div className="compare-files">
      <FileList files={outcome.files} selectedPath={selected?.path ?? null} onSelect={setSelectedPath} />
      <div className="compare-files__diff">
        <div className="compare-files__toolbar">
          <div className="segmented" role="radiogroup" aria-label="Diff layout">
            {(
              [
                ['unified', 'Unified'],
                ['side-by-side', 'Side by side'],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={mode === value}
                className={mode === value ? 'segmented__item segmented__item--on' : 'segmented__item'}
                data-testid={`compare-diff-mode-${value}`}
                onClick={() => setMode(value)}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
        {selected ? <SelectedFileDiff outcome={outcome} file={selected} mode={mode} /> : null}
      </div>
    </div>
  );
}

function FileList(props: {
  files: readonly OutcomeFileChange[];
  selectedPath: string | null;
  onSelect(path: string): void;
}) {
  const { files, selectedPath, onSelect } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: files.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => files[index]?.path ?? index,
    overscan: 10,
  });
  const selectedIndex = files.findIndex((file) => file.path === selectedPath);
  const onKey = useListCursor(files.length, selectedIndex, scrollRef, virtualizer, (index) => {
    const file = files[index];
    if (file) onSelect(file.path);
  });

  return (
    <div
      className="compare-files__list"
      ref={scrollRef}
      role="listbox"
      aria-label="Outcome files that differ"
      data-testid="compare-files"
    >
      <div className="compare-list__spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const file = files[item.index];
          if (!file) return null;
          const isSelected = file.path === selectedPath;
          const counts = lineCountsLabel(file);
          return (
            <div
              key={item.key}
              role="option"
              aria-selected={isSelected}
              tabIndex={isSelected || (selectedIndex < 0 && item.index === 0) ? 0 : -1}
              className={isSelected ? 'compare-file compare-file--selected' : 'compare-file'}
              data-testid="compare-file"
              data-path={file.path}
              data-status={file.status}
              data-row-index={item.index}
              style={{ transform: `translateY(${item.start}px)` }}
              onClick={() => onSelect(file.path)}
              onKeyDown={onKey}
              title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
            >
              <span
                className={`compare-file__mark compare-file__mark--${file.status}`}
                aria-label={file.status}
              >
                {fileStatusMark(file.status)}
              </span>
              <span className="compare-file__path">
                {file.oldPath ? <span className="compare-file__dir">{file.oldPath} → </span> : null}
                <span className="compare-file__dir">{folderOf(file.path)}</span>
                <span className="compare-file__name">{nameOf(file.path)}</span>
              </span>
              <span className="compare-file__counts">{counts}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function SelectedFileDiff(props: { outcome: OutcomeComparison; file: OutcomeFileChange; mode: DiffMode }) {
  const { outcome, file, mode } = props;
  const { tipA, tipB } = outcome;
  const sideBySide = mode === 'side-by-side';
  const diff = useCallResult(
    tipA && tipB
      ? () =>
          request('fileDiff', {
            shaA: tipA,
            shaB: tipB,
            path: file.path,
            ...(file.oldPath ? { oldPath: file.oldPath } : {}),
            sideBySide,
          })
      : null,
    `${tipA ?? ''}:${tipB ?? ''}:${file.oldPath ?? ''}:${file.path}:${mode}`,
    `${tipA ?? ''}:${tipB ?? ''}:${file.path}`,
  );

  if (!tipA || !tipB) {
    return (
      <p className="notice compare__notice" data-testid="compare-diff-unavailable">
        The tips of the two runs’ branches are not known, so the file cannot be diffed.
      </p>
    );
  }
  // A diff fetched for the other layout stays on screen until this one arrives, unless it lacks rows.
  const shown = diff.value && (!sideBySide || diff.value.sideBySide !== undefined) ? diff.value : null;
  return (
    <div className="compare-files__view">
      <ErrorBanner
        title={`Could not diff ${file.path}`}
        error={diff.error}
        testId="compare-diff-error"
        compact
        onRetry={diff.reload}
      />
      {shown ? (
        <FileDiffView diff={shown} mode={mode} />
      ) : diff.loading ? (
        <p className="muted compare__loading">Loading the diff…</p>
      ) : null}
    </div>
  );
}
