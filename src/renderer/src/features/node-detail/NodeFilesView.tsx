import { useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import type { NodeFileContent, NodeFiles } from '../../../../shared/run-data';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JsonViewer, PagedTextView } from '../../components/JsonViewer';
import { embeddedJson, PagedText } from '../../components/json-preview';
import { formatCost, formatCount } from '../../format/format';
import { PaneSection } from './PaneSection';
import { fileOf, hasUsage, promptOf, resultPart, usageOf } from './node-facts';
import { fileVersion, withWhole, type WholeFile } from './whole-files';

interface NodeFilesViewProps {
  runId: string;
  files: NodeFiles | null;
  error: CallError | null;
  loading: boolean;
  /** The span's attributes, where tokens and cost are found when result.json lacks them. */
  attributes: Record<string, unknown> | null;
  /** A node's own span (runners and components have no node files). */
  isNode: boolean;
  running: boolean;
  onRetry(): void;
}

function fileLoader(runId: string, hierarchyPath: string, file: NodeFileContent): PagedText | null {
  const long = file.long;
  if (!long) return null;
  return new PagedText(
    `${runId}|${hierarchyPath}|${file.name}|${long.totalBytes}`,
    long.preview,
    long.previewBytes,
    long.totalBytes,
    'bytes',
    (offset, length) => request('nodeFileRange', { runId, hierarchyPath, name: file.name, offset, length }),
  );
}

/** The node's files: input, output, outcome, what a model was sent, tokens and cost, and the raw files. */
export function NodeFilesView({
  runId,
  files,
  error,
  loading,
  attributes,
  isNode,
  running,
  onRetry,
}: NodeFilesViewProps) {
  // Files the user loaded whole, parsed: they then show as if they had come whole.
  const [whole, setWhole] = useState<Record<string, WholeFile>>({});
  const result = withWhole(fileOf(files, 'result.json'), whole);
  const outcome = withWhole(fileOf(files, 'outcome.json'), whole);
  const state = withWhole(fileOf(files, 'state.json'), whole);
  // Files sent as a preview keep their paged view (and the keyboard's place) once loaded whole.
  const longFiles = files?.files.filter((file) => file.long) ?? [];
  const sentWhole = (name: NodeFileContent['name']) => !fileOf(files, name)?.long;
  const usage = usageOf(result?.content, attributes);
  const prompt = promptOf(state?.content);
  const input = resultPart(result?.content, 'input');
  const output = resultPart(result?.content, 'output');

  return (
    <div className="node-files" data-testid="node-files">
      {error?.code === 'not_found' ||
      (!isNode && files !== null && files.files.every((file) => file.error)) ? (
        <p className="muted" data-testid="node-files-none">
          This span has no node files.
        </p>
      ) : (
        <ErrorBanner
          title="Could not read the node's files"
          error={error}
          testId="node-files-error"
          compact
          onRetry={onRetry}
        />
      )}
      {loading && !files ? <p className="muted">Loading files…</p> : null}
      {isNode && files && files.files.length === 0 ? (
        <p className="muted" data-testid="node-files-empty">
          No files for this node yet.
        </p>
      ) : null}
      {isNode && running && files?.files.every((file) => file.error) ? (
        <p className="muted" data-testid="node-files-pending">
          The node's files are written when it ends.
        </p>
      ) : null}
      {isNode && !running
        ? files?.files
            .filter((file) => file.error && file.name !== 'state.json')
            .map((file) => (
              <div key={file.name} className="field-error" role="alert" data-testid="node-file-error">
                {file.name}: {file.error}
              </div>
            ))
        : null}

      {hasUsage(usage) ? (
        <dl className="facts facts--inline" data-testid="node-usage">
          <dt>Tokens</dt>
          <dd>
            {formatCount(usage.totalTokens)}
            {usage.promptTokens !== null || usage.completionTokens !== null ? (
              <span className="muted">
                {' '}
                ({formatCount(usage.promptTokens)} in · {formatCount(usage.completionTokens)} out)
              </span>
            ) : null}
          </dd>
          <dt>Cost</dt>
          <dd>{formatCost(usage.cost)}</dd>
        </dl>
      ) : null}

      {prompt.prompt !== null || prompt.instructions !== null ? (
        <PaneSection title="Prompt" testId="node-prompt">
          {prompt.instructions ? (
            <>
              <div className="node-section__label">System instructions</div>
              <pre className="text-block">{prompt.instructions}</pre>
            </>
          ) : null}
          {prompt.prompt ? (
            <>
              <div className="node-section__label">Prompt</div>
              <pre className="text-block">{prompt.prompt}</pre>
            </>
          ) : null}
        </PaneSection>
      ) : null}
      {input !== undefined ? (
        <PaneSection title="Input" testId="node-input">
          <JsonViewer value={input} label="Input" />
        </PaneSection>
      ) : null}
      {output !== undefined ? (
        <PaneSection title="Output" testId="node-output">
          <JsonViewer value={output} label="Output" />
        </PaneSection>
      ) : null}
      {outcome && !outcome.error && !outcome.long ? (
        <PaneSection title="Outcome" testId="node-outcome">
          <JsonViewer value={outcome.content} label="Outcome" />
        </PaneSection>
      ) : null}
      {files
        ? longFiles.map((file) => {
            const paged = fileLoader(runId, files.hierarchyPath, file);
            return paged ? (
              <PaneSection key={paged.id} title={file.name} testId="node-long-file">
                <PagedTextView
                  text={paged}
                  testId="node-long-file-text"
                  onWhole={(text) => {
                    const parsed = embeddedJson(text);
                    if (parsed === undefined) return;
                    const version = fileVersion(file);
                    setWhole((loaded) => ({ ...loaded, [file.name]: { version, content: parsed } }));
                  }}
                />
              </PaneSection>
            ) : null;
          })
        : null}
      {state && !state.error && sentWhole('state.json') ? (
        <PaneSection title="state.json" testId="node-state" open={false}>
          <JsonViewer value={state.content} expandDepth={1} label="state.json" />
        </PaneSection>
      ) : null}
      {result && !result.error && sentWhole('result.json') ? (
        <PaneSection title="result.json" testId="node-result" open={false}>
          <JsonViewer value={result.content} expandDepth={1} label="result.json" />
        </PaneSection>
      ) : null}
    </div>
  );
}
