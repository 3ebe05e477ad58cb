import { CopyButton } from './CopyButton';

/** One id, selectable as text, with a button that copies it. */
function IdRow({ label, id, testId }: { label: string; id: string | null; testId: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="span-id">
        {id === null ? (
          <span className="muted">none</span>
        ) : (
          <>
            <code className="span-id__text" data-testid={testId}>
              {id}
            </code>
            <CopyButton text={id} label={label.toLowerCase()} testId={`${testId}-copy`} />
          </>
        )}
      </dd>
    </>
  );
}

/** The span's own id, its trace's and its parent's (rows of a facts list): what a user pastes into another tool. */
export function SpanIdRows({
  spanId,
  traceId,
  parentId,
}: {
  spanId: string;
  traceId: string | null;
  parentId: string | null;
}) {
  return (
    <>
      <IdRow label="Span id" id={spanId} testId="span-id" />
      <IdRow label="Trace id" id={traceId} testId="trace-id" />
      <IdRow label="Parent id" id={parentId} testId="parent-id" />
    </>
  );
}
