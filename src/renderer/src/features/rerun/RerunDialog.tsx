import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useCallResult } from '../../hooks/useCallResult';
import { useDebouncedValue } from '../../hooks/useThrottledValue';
import { useRerunStore } from '../../stores/rerun-store';
import { useViewStore } from '../../stores/view-store';
import { InputValidation, type ServerValidation } from '../launch/InputValidation';
import { parseJsonInput } from '../launch/json-input';
import { inputText, originalInputOf, rerunStaticInputs } from './rerun-inputs';
import './rerun.css';

interface RerunDialogProps {
  runId: string;
  agentId: string;
  nodeId: string;
  hierarchyPath: string;
  onClose(): void;
}

/**
 * "Re-run from here": a continuation of `runId` that reuses every node before `hierarchyPath` and
 * runs it and what follows again, optionally with the node's static input edited first. The new
 * run opens live; when it ends, its comparison with the original opens.
 */
export function RerunDialog({ runId, agentId, nodeId, hierarchyPath, onClose }: RerunDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const original = useCallResult(() => request('runStaticInputs', { runId }), runId);
  const entry = useMemo(
    () =>
      original.value
        ? originalInputOf(original.value.inputs, nodeId, hierarchyPath.split('.').slice(0, -1))
        : null,
    [original.value, nodeId, hierarchyPath],
  );
  // An input the original set inside a component scope is shown, not edited: an edit sent for the
  // node alone would lose to the more specific scoped entry, and the re-run would silently ignore it.
  const scoped = entry !== null && entry.scope.length > 0;
  const initialText = original.value ? inputText(entry?.value) : null;
  const [editedText, setEditedText] = useState<string | null>(null);
  const text = editedText ?? initialText ?? '{}';
  const parsed = useMemo(() => parseJsonInput(text), [text]);
  const isObject =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value);
  const settledText = useDebouncedValue(text, 300);
  const [validation, setValidation] = useState<ServerValidation>({ state: 'idle' });
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<CallError | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    const settled = parseJsonInput(settledText);
    if (!settled.ok) {
      setValidation({ state: 'idle' });
      return;
    }
    let current = true;
    setValidation({ state: 'checking' });
    void request('validateInputs', { agentId, staticInputs: { [nodeId]: settled.value } }).then((result) => {
      if (current)
        setValidation(
          result.ok ? { state: 'done', ...result.value } : { state: 'failed', error: result.error },
        );
    });
    return () => {
      current = false;
    };
  }, [agentId, nodeId, settledText]);

  const canStart =
    parsed.ok &&
    isObject &&
    !starting &&
    !(validation.state === 'done' && !validation.valid) &&
    initialText !== null;

  const start = async () => {
    if (!canStart || !parsed.ok || initialText === null) return;
    const baseline = parseJsonInput(initialText);
    setStarting(true);
    setStartError(null);
    const result = await request('startRun', {
      agentId,
      staticInputs: scoped ? {} : rerunStaticInputs(nodeId, baseline.ok ? baseline.value : {}, parsed.value),
      previousRunId: runId,
      startHierarchyPath: hierarchyPath,
    });
    setStarting(false);
    if (!result.ok) {
      setStartError(result.error);
      return;
    }
    useRerunStore.getState().expectComparison({ runA: runId, runB: result.value.runId });
    onClose();
    useViewStore.getState().openRun(result.value.runId);
  };

  const onTextKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void start();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="rerun"
      data-testid="rerun-dialog"
      aria-labelledby="rerun-title"
      onClose={onClose}
      onCancel={onClose}
    >
      <form
        method="dialog"
        className="rerun__form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <h2 id="rerun-title" className="rerun__title">
          Re-run from <span className="mono">{nodeId}</span>
        </h2>
        <p className="muted rerun__explain">
          A new run of <span className="mono">{agentId}</span> continues <span className="mono">{runId}</span>
          : the nodes before <span className="mono">{hierarchyPath}</span> are reused as they were, and it and
          every node after it run again. When it ends, its comparison with this run opens.
        </p>
        <ErrorBanner
          title="Could not read the run's static inputs"
          error={original.error}
          testId="rerun-inputs-error"
          compact
          onRetry={original.reload}
        />
        <label className="field-label" htmlFor="rerun-input">
          Static input of {nodeId} (JSON object; leave it as it is to reuse the original's)
        </label>
        <textarea
          id="rerun-input"
          className={parsed.ok && isObject ? 'code-input' : 'code-input code-input--invalid'}
          data-testid="rerun-input"
          rows={10}
          spellCheck={false}
          value={text}
          disabled={initialText === null}
          readOnly={scoped}
          aria-invalid={!(parsed.ok && isObject)}
          onKeyDown={onTextKey}
          onChange={(event) => setEditedText(event.target.value)}
        />
        {scoped && entry ? (
          <p className="notice" data-testid="rerun-scoped">
            The original set this input inside <span className="mono">{entry.scope.join('.')}</span>: the
            re-run uses it as it was. To change it, launch the agent with edited inputs instead.
          </p>
        ) : null}
        <div className="rerun__status" aria-live="polite">
          {!parsed.ok ? (
            <div className="field-error" data-testid="rerun-json-error">
              Line {parsed.line}, column {parsed.column}: {parsed.message}
            </div>
          ) : !isObject ? (
            <div className="field-error" data-testid="rerun-json-error">
              A node&apos;s static input is a JSON object.
            </div>
          ) : (
            <InputValidation validation={validation} />
          )}
        </div>
        <ErrorBanner
          title="Could not start the re-run"
          error={startError}
          testId="rerun-error"
          onDismiss={() => setStartError(null)}
        />
        <div className="rerun__actions">
          <button type="submit" className="button" data-testid="rerun-start" disabled={!canStart}>
            {starting ? 'Starting…' : 'Re-run from here'}
          </button>
          <button type="button" className="button button--ghost" data-testid="rerun-cancel" onClick={onClose}>
            Cancel
          </button>
          <span className="muted rerun__hint">Ctrl+Enter starts · Esc closes</span>
        </div>
      </form>
    </dialog>
  );
}
