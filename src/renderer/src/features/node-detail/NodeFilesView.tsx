import { useMemo, useState, type ReactNode } from 'react';
import type { CallError } from '../../../../shared/contract';
import type { NodeFileContent, NodeFiles, SpanDetail } from '../../../../shared/run-data';
import type { LongValue } from '../../../../shared/text-pieces';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JsonViewer, PagedTextView } from '../../components/JsonViewer';
import { embeddedJson, PagedText } from '../../components/json-preview';
import { formatCost, formatCount } from '../../format/format';
import { fileOf, hasUsage, promptOf, resultPart, usageOf } from './node-facts';
import { fileVersion, withWhole, type WholeFile } from './whole-files';

interface NodeFilesViewProps {
  runId: string;
  spanId: string | null;
  files: NodeFiles | null;
  error: CallError | null;
  loading: boolean;
  attributes: Record<string, unknown> | null;
  /** Attributes the service sent only the start of. */
  longAttributes: Record<string, LongValue> | undefined;
  /** The span's events (an exception and its stacktrace), their long values paged as the attributes are. */
  events?: SpanDetail['events'];
  /** A node's own span (runners and components have no node files). */
  isNode: boolean;
  running: boolean;
  onRetry(): void;
}

function Section({
  title,
  testId,
  open = true,
  children,
}: {
  title: string;
  testId: string;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="node-section" open={open} data-testid={testId}>
      <summary className="node-section__title">{title}</summary>
      <div className="node-section__body">{children}</div>
    </details>
  );
}

/**
 * Attribute values that hold JSON text are shown as JSON; long ones as their start, with the rest
 * read from the service on request.
 */
function readableAttributes(
  runId: string,
  spanId: string | null,
  attributes: Record<string, unknown>,
  longAttributes: Record<string, LongValue> | undefined,
  eventIndex?: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const long = longAttributes?.[key];
    if (long && spanId && typeof value === 'string') {
      result[key] = new PagedText(
        `${runId}|${spanId}|${eventIndex ?? ''}|${key}|${long.totalLength}`,
        value,
        value.length,
        long.totalLength,
        'utf16',
        (offset, length) => request('spanValuePiece', { runId, spanId, key, eventIndex, offset, length }),
      );
    } else {
      result[key] = typeof value === 'string' ? (embeddedJson(value) ?? value) : value;
    }
  }
  return result;
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
  spanId,
  files,
  error,
  loading,
  attributes,
  longAttributes,
  events,
  isNode,
  running,
  onRetry,
}: NodeFilesViewProps) {
  // Files the user loaded whole, parsed: they then show as if they had come whole.
  const [whole, setWhole] = useState<Record<string, WholeFile>>({});
  const result = withWhole(fileOf(files, 'result.json'), whole);
  const outcome = withWhole(fileOf(files, 'outcome.json'), whole);
  const state = withWhole(fileOf(files, 'state.json'), whole);
  const readable = useMemo(
    () => (attributes ? readableAttributes(runId, spanId, attributes, longAttributes) : null),
    [runId, spanId, attributes, longAttributes],
  );
  const readableEvents = useMemo(
    () =>
      (events ?? []).map((event, index) => ({
        name: event.name,
        timestamp: event.timestamp,
        attributes: readableAttributes(runId, spanId, event.attributes, event.longAttributes, index),
      })),
    [runId, spanId, events],
  );
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
        <Section title="Prompt" testId="node-prompt">
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
        </Section>
      ) : null}
      {input !== undefined ? (
        <Section title="Input" testId="node-input">
          <JsonViewer value={input} label="Input" />
        </Section>
      ) : null}
      {output !== undefined ? (
        <Section title="Output" testId="node-output">
          <JsonViewer value={output} label="Output" />
        </Section>
      ) : null}
      {outcome && !outcome.error && !outcome.long ? (
        <Section title="Outcome" testId="node-outcome">
          <JsonViewer value={outcome.content} label="Outcome" />
        </Section>
      ) : null}
      {files
        ? longFiles.map((file) => {
            const paged = fileLoader(runId, files.hierarchyPath, file);
            return paged ? (
              <Section key={paged.id} title={file.name} testId="node-long-file">
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
              </Section>
            ) : null;
          })
        : null}
      {state && !state.error && sentWhole('state.json') ? (
        <Section title="state.json" testId="node-state" open={false}>
          <JsonViewer value={state.content} expandDepth={1} label="state.json" />
        </Section>
      ) : null}
      {result && !result.error && sentWhole('result.json') ? (
        <Section title="result.json" testId="node-result" open={false}>
          <JsonViewer value={result.content} expandDepth={1} label="result.json" />
        </Section>
      ) : null}
      {readable && Object.keys(readable).length > 0 ? (
        <Section title="Span attributes" testId="node-attributes" open={false}>
          <JsonViewer value={readable} expandDepth={1} label="Span attributes" />
        </Section>
      ) : null}
      {readableEvents.length > 0 ? (
        <Section title="Span events" testId="node-span-events" open={false}>
          <JsonViewer value={readableEvents} expandDepth={2} label="Span events" />
        </Section>
      ) : null}
    </div>
  );
}
