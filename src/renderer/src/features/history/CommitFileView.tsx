import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { CommitFileEntry, FileAtCommit } from '../../../../shared/compare-data';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { drawnLine } from '../../components/diff/diff-rows';
import { FileDiffView } from '../../components/diff/FileDiffView';
import type { DiffMode } from '../../components/diff/FileDiffView';
import { useCallResult } from '../../hooks/useCallResult';
import { contentLines } from './content-lines';

const LINE_HEIGHT = 18;

export type FileViewKind = 'diff' | 'content';

interface CommitFileViewProps {
  sha: string;
  file: CommitFileEntry;
  view: FileViewKind;
  mode: DiffMode;
  onView(view: FileViewKind): void;
  onMode(mode: DiffMode): void;
}

function Segmented<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
  testId: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={props.label} data-testid={props.testId}>
      {props.options.map((option) => (
        <button
          key={option.value}
          type="button"
          className={option.value === props.value ? 'segmented__item segmented__item--on' : 'segmented__item'}
          aria-pressed={option.value === props.value}
          data-testid={`${props.testId}-${option.value}`}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

const VIEWS = [
  { value: 'diff', label: 'Diff' },
  { value: 'content', label: 'Content' },
] as const;

const MODES = [
  { value: 'unified', label: 'Unified' },
  { value: 'side-by-side', label: 'Side by side' },
] as const;

/** The selected file of a commit: its diff to the commit's parent, or its content at the commit. */
export function CommitFileView({ sha, file, view, mode, onView, onMode }: CommitFileViewProps) {
  return (
    <section className="history-file" aria-label={`File ${file.path}`} data-testid="history-file-view">
      <div className="history-file__toolbar">
        <Segmented
          label="Show"
          value={view}
          options={VIEWS}
          onChange={onView}
          testId="history-file-view-kind"
        />
        {view === 'diff' ? (
          <Segmented
            label="Diff layout"
            value={mode}
            options={MODES}
            onChange={onMode}
            testId="history-diff-mode"
          />
        ) : null}
        {view === 'content' ? (
          <span className="mono history-file__path" title={file.path}>
            {file.path}
          </span>
        ) : null}
      </div>
      <div className="history-file__body">
        {view === 'diff' ? (
          <FileDiffPane sha={sha} file={file} mode={mode} />
        ) : (
          <FileContentPane sha={sha} file={file} />
        )}
      </div>
    </section>
  );
}

function FileDiffPane({ sha, file, mode }: { sha: string; file: CommitFileEntry; mode: DiffMode }) {
  const sideBySide = mode === 'side-by-side';
  const key = `${sha}|${file.path}|${sideBySide}`;
  const diff = useCallResult(() => request('commitFileDiff', { sha, path: file.path, sideBySide }), key);
  const current = diff.value;
  if (diff.error) {
    return (
      <ErrorBanner
        title={`Could not diff ${file.path}`}
        error={diff.error}
        onRetry={diff.reload}
        testId="history-diff-error"
      />
    );
  }
  // Side-by-side rows come only when asked for: wait for them rather than draw an empty table.
  if (current === null || (sideBySide && current.sideBySide === undefined)) {
    return <p className="muted history-file__waiting">Reading the diff…</p>;
  }
  return <FileDiffView diff={current} mode={mode} />;
}

function FileContentPane({ sha, file }: { sha: string; file: CommitFileEntry }) {
  const key = `${sha}|${file.path}`;
  const content = useCallResult(() => request('fileAt', { sha, path: file.path }), key);
  const current = content.value;
  if (content.error) {
    return (
      <ErrorBanner
        title={`Could not read ${file.path}`}
        error={content.error}
        onRetry={content.reload}
        testId="history-content-error"
      />
    );
  }
  if (current === null) return <p className="muted history-file__waiting">Reading the file…</p>;
  return <FileContent file={current} removed={file.status === 'removed'} />;
}

/** Why a file shows no text, in words, when the service did not say. */
function missingTextNote(file: FileAtCommit, removed: boolean): string {
  if (!file.exists) {
    return removed
      ? `${file.path} was removed by this commit: the diff shows what it held.`
      : `${file.path} does not exist at this commit.`;
  }
  return file.binary ? `${file.path} is a binary file.` : `${file.path} has no text to show.`;
}

function FileContent({ file, removed }: { file: FileAtCommit; removed: boolean }) {
  const note = file.message ?? (file.text === null ? missingTextNote(file, removed) : null);
  return (
    <div className="history-content" data-testid="history-file-content">
      {note !== null ? (
        <p className="notice history-content__note" data-testid="history-file-content-message">
          {note}
        </p>
      ) : null}
      {file.text !== null ? (
        <ContentLines key={`${file.sha}:${file.path}`} path={file.path} text={file.text} />
      ) : null}
    </div>
  );
}

/** The file's lines, numbered and wrapped, drawn as a virtualized list (a file may be 1 MiB). */
function ContentLines({ path, text }: { path: string; text: string }) {
  const lines = useMemo(() => contentLines(text), [text]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  const digits = Math.max(2, String(lines.length).length);
  return (
    <div
      className="history-content__scroll"
      ref={scrollRef}
      tabIndex={0}
      role="table"
      aria-label={`Content of ${path}`}
      aria-rowcount={lines.length}
      data-testid="history-file-text"
      style={{ ['--history-content-digits' as string]: `${digits}ch` }}
    >
      <div className="history-content__spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            role="row"
            className="history-content__line"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <span role="cell" className="history-content__number">
              {item.index + 1}
            </span>
            <span role="cell" className="history-content__text">
              {drawnLine(lines[item.index] ?? '')}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
