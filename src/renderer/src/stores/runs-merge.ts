import type { RunListEntry } from '../../../shared/run-data';

/** The runs list with `changed` entries replacing those of the same id; new runs come first. */
export function mergeRuns(
  current: readonly RunListEntry[],
  changed: readonly RunListEntry[],
): RunListEntry[] {
  if (changed.length === 0) return current.slice();
  const byId = new Map(changed.map((entry) => [entry.runId, entry]));
  const merged = current.map((entry) => {
    const update = byId.get(entry.runId);
    if (!update) return entry;
    byId.delete(entry.runId);
    return update;
  });
  return [...byId.values(), ...merged];
}
