import type { CallError } from '../../../../shared/contract';

export type ServerValidation =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'failed'; error: CallError }
  | { state: 'done'; valid: boolean; errors: { nodeId: string; field: string; message: string }[] };

/** What the service said of the inputs: valid, or each node's field errors. */
export function InputValidation({ validation }: { validation: ServerValidation }) {
  switch (validation.state) {
    case 'idle':
      return null;
    case 'checking':
      return (
        <div className="muted" data-testid="launch-validation" data-state="checking">
          Checking inputs…
        </div>
      );
    case 'failed':
      return (
        <div className="field-error" data-testid="launch-validation" data-state="failed">
          Could not check the inputs ({validation.error.code}): {validation.error.message}
        </div>
      );
    case 'done':
      if (validation.valid) {
        return (
          <div className="field-ok" data-testid="launch-validation" data-state="valid">
            ✓ Inputs match the node schemas
          </div>
        );
      }
      return (
        <ul className="validation-list" data-testid="launch-validation" data-state="invalid">
          {validation.errors.map((error, index) => (
            <li key={`${error.nodeId}.${error.field}.${index}`} data-testid="launch-validation-error">
              <span className="mono">{error.nodeId}</span>
              {error.field ? <span className="mono">.{error.field}</span> : null}: {error.message}
            </li>
          ))}
        </ul>
      );
  }
}
