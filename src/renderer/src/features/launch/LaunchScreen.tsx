import { useEffect, useMemo, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JsonViewer } from '../../components/JsonViewer';
import { useDebouncedValue } from '../../hooks/useThrottledValue';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { InputValidation } from './InputValidation';
import type { ServerValidation } from './InputValidation';
import { parseStaticInputs } from './json-input';
import { NO_STATIC_INPUTS, withNodeEntry } from './static-inputs-text';
import './launch.css';

const ID_PATTERN = /^[a-zA-Z0-9_]{1,150}$/;

/** Starts a run: the agent, its static inputs as JSON (checked as they are typed), an optional run id prefix. */
export function LaunchScreen() {
  const project = useProjectStore((state) => state.project);
  const requestedAgent = useViewStore((state) => state.launchAgentId);
  const agents = useMemo(() => project?.agents ?? [], [project]);
  const runnable = agents.filter((agent) => !agent.loadError);
  const agent = runnable.find((candidate) => candidate.id === requestedAgent) ?? runnable[0];
  const [texts, setTexts] = useState<Record<string, string>>({});
  const text = agent ? (texts[agent.id] ?? NO_STATIC_INPUTS) : NO_STATIC_INPUTS;
  const [prefix, setPrefix] = useState('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<CallError | null>(null);
  const [validation, setValidation] = useState<ServerValidation>({ state: 'idle' });
  /** The service's verdict on inputs Run was pressed with, while they are still the text shown. */
  const [refusal, setRefusal] = useState<{ text: string; validation: ServerValidation } | null>(null);

  const parsed = useMemo(() => parseStaticInputs(text), [text]);
  const settledText = useDebouncedValue(text, 350);
  const prefixProblem = prefix !== '' && !ID_PATTERN.test(prefix) ? 'Use 1-150 letters, digits or "_"' : null;

  useEffect(() => {
    if (!agent) return;
    const settled = parseStaticInputs(settledText);
    if (!settled.ok) {
      setValidation({ state: 'idle' });
      return;
    }
    let current = true;
    setValidation({ state: 'checking' });
    void request('validateInputs', { agentId: agent.id, staticInputs: settled.value }).then((result) => {
      if (!current) return;
      setValidation(
        result.ok ? { state: 'done', ...result.value } : { state: 'failed', error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [agent, settledText]);

  if (!project) return null;
  if (!project.isDadProject) {
    return (
      <div className="empty-state" data-testid="launch-unavailable">
        <h2 className="empty-state__title">Nothing to launch here</h2>
        <p className="empty-state__hint">This folder has no .dhenara/ project, so it has no agents to run.</p>
      </div>
    );
  }

  // A verdict on older text says nothing of what is shown now: that text is still to be checked.
  const shownValidation: ServerValidation =
    refusal?.text === text ? refusal.validation : settledText === text ? validation : { state: 'checking' };
  const canRun =
    agent !== undefined &&
    parsed.ok &&
    !prefixProblem &&
    !starting &&
    !(shownValidation.state === 'done' && !shownValidation.valid);

  const start = async () => {
    if (!agent || !parsed.ok || !canRun) return;
    setStarting(true);
    setStartError(null);
    // The inputs as they are now are checked before they are sent: the last check may be of older text.
    const checked = await request('validateInputs', { agentId: agent.id, staticInputs: parsed.value });
    if (!checked.ok || !checked.value.valid) {
      setRefusal({
        text,
        validation: checked.ok
          ? { state: 'done', ...checked.value }
          : { state: 'failed', error: checked.error },
      });
      setStarting(false);
      return;
    }
    const result = await request('startRun', {
      agentId: agent.id,
      staticInputs: parsed.value,
      ...(prefix ? { runIdPrefix: prefix } : {}),
    });
    setStarting(false);
    if (!result.ok) {
      setStartError(result.error);
      return;
    }
    useViewStore.getState().openRun(result.value.runId);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start();
  };

  const onTextKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void start();
    }
  };

  return (
    <form className="launch" onSubmit={submit} data-testid="launch-screen" aria-labelledby="launch-title">
      <div className="launch__main">
        <h2 id="launch-title" className="launch__title">
          Launch a run
        </h2>
        <div className="launch__fields">
          <label className="field">
            <span className="field-label">Agent</span>
            <select
              className="select"
              data-testid="launch-agent"
              value={agent?.id ?? ''}
              onChange={(event) => useViewStore.getState().openLaunch(event.target.value)}
            >
              {runnable.length === 0 ? <option value="">No agent can be run</option> : null}
              {runnable.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.id}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Run id prefix (optional)</span>
            <input
              className={prefixProblem ? 'text-input text-input--invalid' : 'text-input'}
              data-testid="launch-prefix"
              value={prefix}
              placeholder="e.g. try_new_prompt"
              spellCheck={false}
              aria-invalid={prefixProblem !== null}
              onChange={(event) => setPrefix(event.target.value)}
            />
            {prefixProblem ? (
              <span className="field-error" data-testid="launch-prefix-error">
                {prefixProblem}
              </span>
            ) : null}
          </label>
        </div>

        <label className="field" htmlFor="launch-inputs">
          <span className="field-label">Static inputs (JSON, keyed by node id)</span>
        </label>
        <textarea
          id="launch-inputs"
          className={parsed.ok ? 'code-input' : 'code-input code-input--invalid'}
          data-testid="launch-inputs"
          value={text}
          spellCheck={false}
          rows={14}
          aria-invalid={!parsed.ok}
          aria-describedby="launch-inputs-status"
          onKeyDown={onTextKey}
          onChange={(event) => {
            if (!agent) return;
            setTexts({ ...texts, [agent.id]: event.target.value });
          }}
        />
        <div id="launch-inputs-status" className="launch__status" aria-live="polite">
          {parsed.ok ? (
            <InputValidation validation={shownValidation} />
          ) : (
            <div className="field-error" data-testid="launch-json-error">
              Line {parsed.line}, column {parsed.column}: {parsed.message}
            </div>
          )}
        </div>

        <ErrorBanner
          title="Could not start the run"
          error={startError}
          testId="launch-error"
          onDismiss={() => setStartError(null)}
        />
        <div className="launch__actions">
          <button type="submit" className="button" data-testid="launch-run" disabled={!canRun}>
            {starting ? 'Starting…' : 'Run'}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="launch-reset"
            onClick={() => agent && setTexts({ ...texts, [agent.id]: NO_STATIC_INPUTS })}
          >
            Reset inputs
          </button>
          <span className="muted launch__hint">Ctrl+Enter runs</span>
        </div>
      </div>

      <aside className="launch__side" aria-label="Agent nodes">
        <h3 className="section-title">Nodes of {agent?.id ?? '—'}</h3>
        {agent?.description ? <p className="muted">{agent.description}</p> : null}
        <p className="muted launch__nodes-hint">
          A node that needs input and has none here asks for it in the run&apos;s window.
        </p>
        <ul className="launch__nodes" data-testid="launch-nodes">
          {(agent?.nodes ?? []).map((node) => (
            <li key={node.hierarchyPath} className="launch__node">
              <div className="launch__node-head">
                <span className="mono">{node.nodeId}</span>
                <span className="tag">{node.nodeType}</span>
                {node.inputRequired ? <span className="tag tag--warn">needs input</span> : null}
                <button
                  type="button"
                  className="button button--ghost button--small launch__node-add"
                  data-testid="launch-node-add"
                  data-node-id={node.nodeId}
                  disabled={withNodeEntry(text, node.nodeId, node.inputSchema) === null}
                  onClick={() => {
                    const next = withNodeEntry(text, node.nodeId, node.inputSchema);
                    if (agent && next !== null) setTexts({ ...texts, [agent.id]: next });
                  }}
                >
                  Add to inputs
                </button>
              </div>
              <details>
                <summary className="muted">input schema</summary>
                <JsonViewer
                  value={node.inputSchema}
                  expandDepth={3}
                  label={`Input schema of ${node.nodeId}`}
                />
              </details>
            </li>
          ))}
        </ul>
      </aside>
    </form>
  );
}
