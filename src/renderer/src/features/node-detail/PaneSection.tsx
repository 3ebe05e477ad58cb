import type { ReactNode } from 'react';

/** A foldable section of the node pane. */
export function PaneSection({
  title,
  testId,
  open = true,
  children,
}: {
  title: ReactNode;
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
