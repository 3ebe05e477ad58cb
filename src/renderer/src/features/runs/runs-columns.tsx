import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
} from '@tanstack/react-table';
import type { RunListEntry } from '../../../../shared/run-data';
import { StatusBadge } from '../../components/StatusBadge';
import { runDurationSeconds } from '../../../../shared/run-duration';
import { formatCost, formatCount, formatDateTime, formatDurationSeconds } from '../../format/format';

export const runsTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

const helper = createColumnHelper<typeof runsTableFeatures, RunListEntry>();

/** Sort key that leaves missing values at the end whichever way the column sorts. */
const orMissing = <T,>(value: T | null): T | undefined => (value === null ? undefined : value);

export const runsColumns = helper.columns([
  helper.accessor('runId', {
    id: 'runId',
    header: 'Run',
    sortFn: 'alphanumeric',
    cell: (info) => <span className="mono">{info.getValue()}</span>,
  }),
  helper.accessor((run) => orMissing(run.rootComponentId), {
    id: 'agent',
    header: 'Agent',
    sortUndefined: 'last',
    cell: (info) => info.getValue() ?? '—',
  }),
  helper.accessor('status', {
    id: 'status',
    header: 'Status',
    cell: (info) => <StatusBadge status={info.getValue()} testId="run-status" />,
  }),
  helper.accessor((run) => orMissing(run.createdAt), {
    id: 'start',
    header: 'Start',
    sortUndefined: 'last',
    sortDescFirst: true,
    cell: (info) => <span className="mono">{formatDateTime(info.getValue())}</span>,
  }),
  helper.accessor((run) => orMissing(runDurationSeconds(run)), {
    id: 'duration',
    header: 'Duration',
    sortFn: 'basic',
    sortUndefined: 'last',
    cell: (info) => formatDurationSeconds(info.getValue()),
  }),
  helper.accessor((run) => orMissing(run.nodeCount), {
    id: 'nodes',
    header: 'Nodes',
    sortFn: 'basic',
    sortUndefined: 'last',
    cell: (info) => formatCount(info.getValue()),
  }),
  helper.accessor((run) => orMissing(run.tokens), {
    id: 'tokens',
    header: 'Tokens',
    sortFn: 'basic',
    sortUndefined: 'last',
    cell: (info) => formatCount(info.getValue()),
  }),
  helper.accessor((run) => orMissing(run.cost), {
    id: 'cost',
    header: 'Cost',
    sortFn: 'basic',
    sortUndefined: 'last',
    cell: (info) => formatCost(info.getValue()),
  }),
  helper.accessor((run) => orMissing(run.previousRunId), {
    id: 'rerunOf',
    header: 'Re-run of',
    sortUndefined: 'last',
    cell: (info) => {
      const run = info.row.original;
      if (!run.previousRunId) return <span className="muted">—</span>;
      return (
        <span className="mono" title={run.startHierarchyPath ? `from ${run.startHierarchyPath}` : undefined}>
          {run.previousRunId}
          {run.startHierarchyPath ? <span className="muted"> @ {run.startHierarchyPath}</span> : null}
        </span>
      );
    },
  }),
]);

/** Right-aligned columns (numbers). */
export const NUMERIC_COLUMNS = new Set(['duration', 'nodes', 'tokens', 'cost']);
