import { useEffect, useMemo, useRef, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { JsonViewer } from '../../components/JsonViewer';
import type { NodeInputRequest } from '../../live/run-event-reducer';
import { useConnectionStore } from '../../stores/connection-store';
import { useLiveRunStore } from '../../stores/live-run-store';
import { parseJsonInput } from '../launch/json-input';
import { startingInputText } from '../launch/schema-template';
import { dropInputDraft, inputDraft, keepInputDraft } from './input-drafts';
import { checkInput } from './input-schema-check';

/** One form per node of the open run that waits for input. */
export function NodeInputRequests({ runId }: { runId: string }) {
  const requests = useLiveRunStore((state) => state.run?.inputRequests);
  useRequestsResentOnReconnect();
  if (!requests || requests.length === 0) return null;
  return (
    <div className="input-requests" data-testid="node-input-requests">
      {requests.map((item) => (
        <NodeInputForm key={item.hierarchyPath} runId={runId} item={item} />
      ))}
    </div>
  );
}

/**
 * Requests answered (or nodes ended) while the connection was down never reach this window: after
 * a reconnect the forms go, and the service sends again the requests still waiting when the run
 * is watched anew. What was typed in them is kept (see input-drafts).
 */
function useRequestsResentOnReconnect(): void {
  const generation = useConnectionStore((state) => state.generation);
  const seen = useRef(generation);
  useEffect(() => {
    if (seen.current === generation) return;
    seen.current = generation;
    const store = useLiveRunStore.getState();
    for (const item of store.run?.inputRequests ?? []) store.dismissInputRequest(item.hierarchyPath);
  }, [generation]);
}

function NodeInputForm({ runId, item }: { runId: string; item: NodeInputRequest }) {
  const [text, setTextState] = useState(
    () => inputDraft(runId, item.hierarchyPath) ?? startingInputText(item.inputSchema),
  );
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const parsed = parseJsonInput(text);
  const parsedValue = parsed.ok ? parsed.value : undefined;
  const check = useMemo(
    () => (parsed.ok ? checkInput(item.inputSchema, parsedValue) : null),
    [parsed.ok, parsedValue, item.inputSchema],
  );
  const sendable = parsed.ok && check?.ok === true;

  const setText = (next: string) => {
    setTextState(next);
    keepInputDraft(runId, item.hierarchyPath, next);
  };

  const submit = async () => {
    // An input that does not fit the schema is refused here, before it is sent.
    if (!parsed.ok || !sendable || sending) return;
    setSending(true);
    setError(null);
    const result = await request('provideNodeInput', {
      runId,
      hierarchyPath: item.hierarchyPath,
      input: parsed.value,
    });
    setSending(false);
    if (!result.ok) setError(result.error);
    else {
      dropInputDraft(runId, item.hierarchyPath);
      useLiveRunStore.getState().dismissInputRequest(item.hierarchyPath);
    }
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
            className={sendable ? 'code-input' : 'code-input code-input--invalid'}
            data-testid="node-input-text"
            aria-label={`Input for ${item.nodeId}`}
            aria-invalid={!sendable}
            aria-describedby={`node-input-status-${item.hierarchyPath}`}
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
          <div id={`node-input-status-${item.hierarchyPath}`} aria-live="polite">
            {!parsed.ok ? (
              <div className="field-error" data-testid="node-input-json-error">
                Line {parsed.line}, column {parsed.column}: {parsed.message}
              </div>
            ) : null}
            {check && !check.ok ? (
              <div className="field-error" data-testid="node-input-invalid" data-field={check.field}>
                <span className="mono">{check.field}</span> {check.message}
              </div>
            ) : null}
          </div>
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
              disabled={!sendable || sending}
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
