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

/**
 * The node's input in the original run's static inputs, as the engine picks it: entries may be
 * nested under the node's components (`{"main": {"outline": {...}}}`), the most specific wins.
 */
export function originalInputOf(
  inputs: Record<string, unknown> | null,
  nodeId: string,
  ancestorIds: readonly string[],
): { scope: string[]; value: unknown } | null {
  let best: { scope: string[]; value: unknown } | null = null;
  const visit = (map: Record<string, unknown>, scope: string[]) => {
    for (const [key, value] of Object.entries(map)) {
      if (key === nodeId) {
        if (!best || scope.length > best.scope.length) best = { scope, value };
      } else if (ancestorIds.includes(key) && isPlainObject(value)) {
        visit(value, [...scope, key]);
      }
    }
  };
  if (inputs) visit(inputs, []);
  return best;
}

/** The editor's first text: the node's own (unscoped) input in the original, or an empty object. */
export function inputText(value: unknown): string {
  return JSON.stringify(value === undefined ? {} : value, null, 2);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
