import type { ReactNode } from 'react';
import type { CallError } from '../../../../shared/contract';
import type { NodeFiles } from '../../../../shared/run-data';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JsonViewer } from '../../components/JsonViewer';
import { embeddedJson } from '../../components/json-preview';
import { formatCost, formatCount } from '../../format/format';
import { fileOf, hasUsage, promptOf, resultPart, usageOf } from './node-facts';

interface NodeFilesViewProps {
  files: NodeFiles | null;
  error: CallError | null;
  loading: boolean;
  attributes: Record<string, unknown> | null;
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

/** Attribute values that hold JSON text are shown as JSON. */
function readableAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    result[key] = typeof value === 'string' ? (embeddedJson(value) ?? value) : value;
  }
  return result;
}

/** The node's files: input, output, outcome, what a model was sent, tokens and cost, and the raw files. */
export function NodeFilesView({
  files,
  error,
  loading,
  attributes,
  isNode,
  running,
  onRetry,
}: NodeFilesViewProps) {
  const result = fileOf(files, 'result.json');
  const outcome = fileOf(files, 'outcome.json');
  const state = fileOf(files, 'state.json');
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
      {outcome && !outcome.error ? (
        <Section title="Outcome" testId="node-outcome">
          <JsonViewer value={outcome.content} label="Outcome" />
        </Section>
      ) : null}
      {state && !state.error ? (
        <Section title="state.json" testId="node-state" open={false}>
          <JsonViewer value={state.content} expandDepth={1} label="state.json" />
        </Section>
      ) : null}
      {result && !result.error ? (
        <Section title="result.json" testId="node-result" open={false}>
          <JsonViewer value={result.content} expandDepth={1} label="result.json" />
        </Section>
      ) : null}
      {attributes && Object.keys(attributes).length > 0 ? (
        <Section title="Span attributes" testId="node-attributes" open={false}>
          <JsonViewer value={readableAttributes(attributes)} expandDepth={1} label="Span attributes" />
        </Section>
      ) : null}
    </div>
  );
}
