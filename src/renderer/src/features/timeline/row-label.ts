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
