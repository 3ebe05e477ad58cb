import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime } from '../../format/format';
import { useConnectionStore } from '../../stores/connection-store';
import { useProjectStore } from '../../stores/project-store';
import { OpenFileButtons } from './OpenFileButtons';
import { openPath } from './open-actions';
import { orderSuggestions } from './suggestion-order';
import './project.css';

/** Opens a project: a suggestion (the sample, recent projects), a path typed in, or a file chosen. */
export function ProjectPicker() {
  const suggestions = useProjectStore((state) => state.suggestions);
  const suggestionsError = useProjectStore((state) => state.suggestionsError);
  const opening = useProjectStore((state) => state.opening);
  const openError = useProjectStore((state) => state.openError);
  const current = useProjectStore((state) => state.project);
  const generation = useConnectionStore((state) => state.generation);
  const [path, setPath] = useState('');
  const ordered = useMemo(() => orderSuggestions(suggestions), [suggestions]);

  useEffect(() => {
    if (generation > 0) void useProjectStore.getState().loadSuggestions();
  }, [generation]);

  // A failure shown here belongs here: leaving the picker must not carry it to another screen.
  useEffect(() => () => useProjectStore.getState().clearOpenError(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void openPath(path);
  };

  return (
    <section className="project-picker" data-testid="project-picker" aria-labelledby="project-picker-title">
      <h2 id="project-picker-title" className="project-picker__title">
        Open a project
      </h2>
      <p className="project-picker__hint">
        A folder with a <code>.dhenara/</code> directory (agents you can run), any folder holding a{' '}
        <code>runs/</code> directory (runs to inspect), one run&apos;s folder, or a trace file exported as
        OpenTelemetry OTLP JSON or Jaeger JSON (it opens as a run among the imported traces).
      </p>

      <form className="project-picker__form" onSubmit={submit}>
        <label className="field-label" htmlFor="project-path">
          Folder or file path
        </label>
        <div className="project-picker__row">
          <input
            id="project-path"
            className="text-input project-picker__path"
            data-testid="project-path-input"
            value={path}
            placeholder="/home/me/my-agents"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => {
              setPath(event.target.value);
              if (openError) useProjectStore.getState().clearOpenError();
            }}
          />
          <button
            type="submit"
            className="button"
            data-testid="project-open-button"
            disabled={opening || path.trim() === ''}
          >
            {opening ? 'Opening…' : 'Open'}
          </button>
        </div>
      </form>
      <OpenFileButtons />
      <ErrorBanner
        title="Could not open the project"
        error={openError}
        testId="project-open-error"
        onDismiss={() => useProjectStore.getState().clearOpenError()}
      />

      <h3 className="section-title">Suggestions</h3>
      <ErrorBanner
        title="Could not list recent projects"
        error={suggestionsError}
        testId="project-suggestions-error"
        onRetry={() => void useProjectStore.getState().loadSuggestions()}
        compact
      />
      {ordered.length === 0 && !suggestionsError ? (
        <p className="muted" data-testid="project-suggestions-empty">
          No recent projects yet.
        </p>
      ) : null}
      <ul className="suggestion-list" data-testid="project-suggestions">
        {ordered.map((suggestion) => (
          <li key={`${suggestion.kind}:${suggestion.path}`}>
            <button
              type="button"
              className={current?.root === suggestion.path ? 'suggestion suggestion--current' : 'suggestion'}
              data-testid="project-suggestion"
              data-kind={suggestion.kind}
              disabled={opening}
              onClick={() => void openPath(suggestion.path)}
            >
              <span className="suggestion__name">
                {suggestion.name}
                <span className={`tag tag--${suggestion.kind}`}>
                  {suggestion.kind === 'sample' ? 'sample' : 'recent'}
                </span>
              </span>
              <span className="suggestion__path">{suggestion.path}</span>
              {suggestion.openedAt ? (
                <span className="suggestion__time">opened {formatDateTime(suggestion.openedAt)}</span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
