/**
 * A run's error: its first line says what happened; any further lines (a stack, the last lines a
 * dead run's process wrote to stderr) follow as they were written, in a box of their own.
 */
export function RunErrorText({ error }: { error: string }) {
  const newline = error.indexOf('\n');
  const summary = newline < 0 ? error : error.slice(0, newline);
  const detail = newline < 0 ? '' : error.slice(newline + 1).trimEnd();
  return (
    <div className="run-top__error" role="alert" data-testid="run-error">
      <p className="run-top__error-summary">{summary}</p>
      {detail ? (
        <pre className="run-top__error-detail mono" data-testid="run-error-detail">
          {detail}
        </pre>
      ) : null}
    </div>
  );
}
