import type { RunListEntry } from '../../src/shared/run-data';

/** A runs-table entry for tests: the given id and status, everything else empty. */
export function runEntry(
  runId: string,
  status: RunListEntry['status'],
  extra: Partial<RunListEntry> = {},
): RunListEntry {
  return {
    runId,
    dir: '',
    rootComponentId: 'agent',
    status,
    createdAt: null,
    completedAt: null,
    durationSeconds: null,
    nodeCount: null,
    tokens: null,
    cost: null,
    previousRunId: null,
    startHierarchyPath: null,
    error: null,
    ...extra,
  };
}
