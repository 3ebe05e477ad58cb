import type { NodeError } from './node-facts';

/** The span's errors, each with its stack folded away. */
export function NodeErrors({ errors }: { errors: readonly NodeError[] }) {
  return (
    <section className="node-errors" data-testid="node-errors" aria-label="Errors">
      {errors.map((error, index) => (
        <div key={index} className="node-error" role="alert">
          <div className="node-error__message">
            {error.type ? <strong>{error.type}: </strong> : null}
            {error.message}
          </div>
          {error.stack ? (
            <details className="node-error__stack">
              <summary>Stack trace</summary>
              <pre data-testid="node-error-stack">{error.stack}</pre>
            </details>
          ) : null}
        </div>
      ))}
    </section>
  );
}
