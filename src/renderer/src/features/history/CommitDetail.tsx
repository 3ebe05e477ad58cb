import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import type { CommitFileEntry, GraphCommit, OutcomeFileStatus } from '../../../../shared/compare-data';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { DiffMode } from '../../components/diff/FileDiffView';
import { formatDateTime } from '../../format/format';
import { useCallResult } from '../../hooks/useCallResult';
import { useViewStore } from '../../stores/view-store';
import { CommitFileView } from './CommitFileView';
import type { FileViewKind } from './CommitFileView';
import { shortSha } from './commit-text';
import { rowAfterKey } from './list-keys';

const FILE_ROW_HEIGHT = 24;
const FILE_ROWS_SHOWN = 8;

const STATUS_LETTERS: Record<OutcomeFileStatus, string> = {
  added: 'A',
  removed: 'D',
  changed: 'M',
  renamed: 'R',
};

interface CommitDetailProps {
  sha: string;
  /** The commit's graph row, once its page has been read. */
  commit: GraphCommit | undefined;
  /** Said instead of the graph facts while the commit is looked for, or when no ref reaches it. */
  whereabouts: string | null;
  /** Bumped to move the keyboard focus into the commit (Enter in the graph). */
  focusRequest: number;
  onSelectSha(sha: string): void;
}

/** The selected commit: id, parents, run and node, the files it changed and the one file chosen. */
export function CommitDetail({ sha, commit, whereabouts, focusRequest, onSelectSha }: CommitDetailProps) {
  const files = useCallResult(() => request('commitFiles', { sha }), sha);
  const [chosen, setChosen] = useState<{ sha: string; path: string } | null>(null);
  const [view, setView] = useState<FileViewKind>('diff');
  const [mode, setMode] = useState<DiffMode>('unified');
  const list = files.value?.files ?? [];
  const chosenIndex = chosen?.sha === sha ? list.findIndex((file) => file.path === chosen.path) : -1;
  // The first file is shown until another is chosen.
  const fileIndex = chosenIndex >= 0 ? chosenIndex : list.length > 0 ? 0 : -1;
  const file = fileIndex >= 0 ? list[fileIndex] : undefined;
  const filesRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Enter in the graph moves the keyboard into the files, once they are listed (else to the title).
  const [wantsFocus, setWantsFocus] = useState(false);
  const handledFocusRequest = useRef(focusRequest);
  useEffect(() => {
    if (focusRequest === handledFocusRequest.current) return;
    handledFocusRequest.current = focusRequest;
    setWantsFocus(true);
  }, [focusRequest]);
  const filesSettled = files.value !== null || files.error !== null;
  useEffect(() => {
    if (!wantsFocus) return;
    if (filesRef.current !== null) filesRef.current.focus();
    else if (filesSettled) headingRef.current?.focus();
    else return;
    setWantsFocus(false);
  }, [wantsFocus, filesSettled, list.length]);

  const runId = commit?.runId ?? null;
  return (
    <section
      className="history-detail"
      aria-label="Selected commit"
      data-testid="history-detail"
      data-sha={sha}
    >
      <header className="history-detail__head">
        <h3
          className="history-detail__subject"
          ref={headingRef}
          tabIndex={-1}
          data-testid="history-detail-subject"
        >
          {commit?.subject ?? shortSha(sha)}
        </h3>
        {whereabouts !== null ? <p className="notice">{whereabouts}</p> : null}
        <dl className="facts history-detail__facts">
          <dt>Commit</dt>
          <dd className="mono" data-testid="history-detail-sha">
            {commit?.sha ?? files.value?.sha ?? sha}
          </dd>
          <dt>Parents</dt>
          <dd data-testid="history-detail-parents">
            <Parents
              parents={commit?.parents ?? (files.value ? [files.value.parentSha].filter(isSha) : null)}
              onSelectSha={onSelectSha}
            />
          </dd>
          <dt>Run</dt>
          <dd>
            {runId ? (
              <button
                type="button"
                className="link-button mono"
                data-testid="history-detail-run"
                onClick={() => useViewStore.getState().openRun(runId)}
              >
                {runId}
              </button>
            ) : (
              <span className="muted">{commit ? 'not made by a run' : '—'}</span>
            )}
          </dd>
          <dt>Node</dt>
          <dd>
            {commit?.nodeId && runId ? (
              <button
                type="button"
                className="link-button mono"
                data-testid="history-detail-node"
                title={`Open run ${runId}, where node ${commit.nodeId} made this commit`}
                onClick={() => useViewStore.getState().openRun(runId)}
              >
                {commit.nodeId}
              </button>
            ) : (
              <span className="muted">
                {commit?.nodeId ?? (commit?.runId ? 'none (the run’s own commit)' : '—')}
              </span>
            )}
          </dd>
          <dt>Date</dt>
          <dd>{commit ? formatDateTime(commit.authoredAt) : '—'}</dd>
          {commit && commit.refs.length > 0 ? (
            <>
              <dt>Refs</dt>
              <dd className="history-detail__refs">
                {commit.refs.map((ref) => (
                  <span key={ref.name} className="tag">
                    {ref.name}
                  </span>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
      </header>
      <h4 className="section-title history-detail__files-title">
        Files changed{' '}
        <span className="count" data-testid="history-files-count">
          {files.value ? list.length : '…'}
        </span>
      </h4>
      <ErrorBanner
        title={`Could not list the files of commit ${shortSha(sha)}`}
        error={files.error}
        onRetry={files.reload}
        testId="history-files-error"
        compact
      />
      {files.value && list.length === 0 ? (
        <p className="muted history-detail__empty" data-testid="history-files-empty">
          This commit changed no files{files.value.parentSha === null ? '' : ' against its first parent'}.
        </p>
      ) : null}
      {list.length > 0 ? (
        <FileList
          files={list}
          selected={fileIndex}
          listRef={filesRef}
          onSelect={(index) => setChosen({ sha, path: list[index].path })}
        />
      ) : null}
      {file ? (
        <CommitFileView sha={sha} file={file} view={view} mode={mode} onView={setView} onMode={setMode} />
      ) : null}
    </section>
  );
}

function isSha(value: string | null): value is string {
  return value !== null;
}

function Parents({
  parents,
  onSelectSha,
}: {
  parents: readonly string[] | null;
  onSelectSha(sha: string): void;
}) {
  if (parents === null) return <span className="muted">—</span>;
  if (parents.length === 0) return <span className="muted">none (the first commit)</span>;
  return (
    <span className="history-detail__parents">
      {parents.map((parent) => (
        <button
          key={parent}
          type="button"
          className="link-button mono"
          data-testid="history-detail-parent"
          title={`Select commit ${parent}`}
          onClick={() => onSelectSha(parent)}
        >
          {shortSha(parent)}
        </button>
      ))}
    </span>
  );
}

function FileList(props: {
  files: readonly CommitFileEntry[];
  selected: number;
  listRef: RefObject<HTMLDivElement | null>;
  onSelect(index: number): void;
}) {
  const { files, selected, listRef, onSelect } = props;
  const virtualizer = useVirtualizer({
    count: files.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => FILE_ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => files[index]?.path ?? index,
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = rowAfterKey(event.key, selected >= 0 ? selected : null, files.length, FILE_ROWS_SHOWN - 1);
    if (next === null) return;
    event.preventDefault();
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div
      className="history-files"
      ref={listRef}
      role="listbox"
      tabIndex={0}
      aria-label="Files changed"
      aria-activedescendant={selected >= 0 ? `history-file-${selected}` : undefined}
      data-testid="history-files"
      style={{ height: Math.min(files.length, FILE_ROWS_SHOWN) * FILE_ROW_HEIGHT + 2 }}
      onKeyDown={onKeyDown}
    >
      <div className="history-files__spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const file = files[item.index];
          if (!file) return null;
          const isSelected = item.index === selected;
          return (
            <div
              key={item.key}
              id={`history-file-${item.index}`}
              role="option"
              aria-selected={isSelected}
              className={
                isSelected ? 'history-files__row history-files__row--selected' : 'history-files__row'
              }
              style={{ transform: `translateY(${item.start}px)` }}
              data-testid="history-file"
              data-path={file.path}
              data-status={file.status}
              title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
              onClick={() => {
                onSelect(item.index);
                listRef.current?.focus({ preventScroll: true });
              }}
            >
              <span
                className={`history-files__status history-files__status--${file.status}`}
                aria-label={file.status}
              >
                {STATUS_LETTERS[file.status]}
              </span>
              <span className="mono history-files__path">
                {file.oldPath ? <span className="muted">{file.oldPath} → </span> : null}
                {file.path}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
