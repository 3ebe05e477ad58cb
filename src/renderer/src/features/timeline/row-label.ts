import type { SpanRow } from '../../../../shared/run-data';

/**
 * What a timeline row is called: its node or component id, and for one pass of a loop or one
 * branch of a conditional, which one (`iter_2`, `then`), which the id alone does not say.
 */
export function rowLabel(row: { nodeId: string | null; name: string; hierarchyPath: string | null }): {
  name: string;
  part: string | null;
} {
  const name = row.nodeId ?? row.name;
  const last = row.hierarchyPath?.split('.').at(-1) ?? null;
  return { name, part: last !== null && last !== name && row.nodeId !== null ? last : null };
}

type LabelledRow = Pick<
  SpanRow,
  | 'spanId'
  | 'depth'
  | 'name'
  | 'nodeId'
  | 'nodeType'
  | 'hierarchyPath'
  | 'status'
  | 'hasChildren'
  | 'childCount'
> & { reusedFrom?: string | null; serviceName?: string | null };

/**
 * True when two rows show the same label: a page of rows fetched again (scrolling, live updates)
 * brings new objects for the same spans, and their labels need no render when nothing shown changed.
 */
export function sameLabel(a: LabelledRow, b: LabelledRow): boolean {
  return (
    a === b ||
    (a.spanId === b.spanId &&
      a.depth === b.depth &&
      a.name === b.name &&
      a.nodeId === b.nodeId &&
      a.nodeType === b.nodeType &&
      a.hierarchyPath === b.hierarchyPath &&
      a.status === b.status &&
      a.hasChildren === b.hasChildren &&
      a.childCount === b.childCount &&
      (a.reusedFrom ?? null) === (b.reusedFrom ?? null) &&
      (a.serviceName ?? null) === (b.serviceName ?? null))
  );
}
