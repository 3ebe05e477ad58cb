import { useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { JsonViewer } from '../../components/JsonViewer';
import type { NodeInputRequest } from '../../live/run-event-reducer';
import { useLiveRunStore } from '../../stores/live-run-store';
import { parseJsonInput } from '../launch/json-input';
import { exampleFromSchema } from '../launch/schema-template';

/** One form per node of the open run that waits for input. */
export function NodeInputRequests({ runId }: { runId: string }) {
  const requests = useLiveRunStore((state) => state.run?.inputRequests);
  if (!requests || requests.length === 0) return null;
  return (
    <div className="input-requests" data-testid="node-input-requests">
      {requests.map((item) => (
        <NodeInputForm key={item.hierarchyPath} runId={runId} item={item} />
      ))}
    </div>
  );
}

function NodeInputForm({ runId, item }: { runId: string; item: NodeInputRequest }) {
  const [text, setText] = useState(() => JSON.stringify(exampleFromSchema(item.inputSchema) ?? {}, null, 2));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const parsed = parseJsonInput(text);

  const submit = async () => {
    if (!parsed.ok) return;
    setSending(true);
    setError(null);
    const result = await request('provideNodeInput', {
      runId,
      hierarchyPath: item.hierarchyPath,
      input: parsed.value,
    });
    setSending(false);
    if (!result.ok) setError(result.error);
    else useLiveRunStore.getState().dismissInputRequest(item.hierarchyPath);
  };

  return (
    <form
      className="input-request"
      data-testid="node-input-form"
      data-hierarchy-path={item.hierarchyPath}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="input-request__head">
        <strong>
          <span className="mono">{item.nodeId}</span> needs input
        </strong>
        <span className="tag">{item.nodeType}</span>
        <span className="muted mono">{item.hierarchyPath}</span>
      </div>
      <div className="input-request__body">
        <div className="input-request__editor">
          <textarea
            className={parsed.ok ? 'code-input' : 'code-input code-input--invalid'}
            data-testid="node-input-text"
            aria-label={`Input for ${item.nodeId}`}
            value={text}
            rows={8}
            spellCheck={false}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void submit();
              }
            }}
          />
          {!parsed.ok ? (
            <div className="field-error" data-testid="node-input-json-error">
              Line {parsed.line}, column {parsed.column}: {parsed.message}
            </div>
          ) : null}
          {error ? (
            <div className="field-error" role="alert" data-testid="node-input-error">
              Rejected ({error.code}): {error.message}
            </div>
          ) : null}
          <div className="input-request__actions">
            <button
              type="submit"
              className="button"
              data-testid="node-input-submit"
              disabled={!parsed.ok || sending}
            >
              {sending ? 'Sending…' : 'Send input'}
            </button>
            <span className="muted">Ctrl+Enter sends</span>
          </div>
        </div>
        <details className="input-request__schema" open>
          <summary>Schema</summary>
          <JsonViewer
            value={item.inputSchema}
            expandDepth={3}
            testId="node-input-schema"
            label="Input schema"
          />
        </details>
      </div>
    </form>
  );
}
