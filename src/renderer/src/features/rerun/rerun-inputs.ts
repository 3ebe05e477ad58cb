/**
 * The static inputs a re-run from a node is started with: only the node's own entry, and only when
 * the user changed it (the continuation carries the original's inputs over by itself).
 */
export function rerunStaticInputs(
  nodeId: string,
  originalInput: unknown,
  editedInput: unknown,
): Record<string, unknown> {
  return sameJson(originalInput, editedInput) ? {} : { [nodeId]: editedInput };
}

/** The text the editor starts from: the node's input in the original run, or an empty object. */
export function initialInputText(originalInputs: Record<string, unknown> | null, nodeId: string): string {
  const value = originalInputs?.[nodeId];
  return JSON.stringify(value === undefined ? {} : value, null, 2);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
