import { createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { NodeComparison } from '../../../../shared/compare-data';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCost, formatCount, formatDurationMs } from '../../format/format';
import { differenceNames, durationDelta, nodeBadges, pairLabel } from './compare-view';

export const nodeTableFeatures = tableFeatures({});

const helper = createColumnHelper<typeof nodeTableFeatures, NodeComparison>();

/** The hierarchy path with its last part (the node) stressed; the parents give way first. */
function HierarchyPath({ path }: { path: string }) {
  const cut = path.lastIndexOf('.');
  return (
    <span className="compare-node__path mono" title={path}>
      {cut >= 0 ? <span className="compare-node__parents">{path.slice(0, cut + 1)}</span> : null}
      <strong className="compare-node__name">{path.slice(cut + 1)}</strong>
    </span>
  );
}

export const nodeColumns = helper.columns([
  helper.accessor('hierarchyPath', {
    id: 'node',
    header: 'Node',
    cell: (info) => <HierarchyPath path={info.getValue()} />,
  }),
  helper.display({
    id: 'status',
    header: 'Status A → B',
    cell: (info) => {
      const node = info.row.original;
      if (node.statusA === node.statusB && node.statusA !== null) {
        return <StatusBadge status={node.statusA} testId="compare-node-status" />;
      }
      return (
        <span className="compare-node__status">
          {node.statusA !== null ? <StatusBadge status={node.statusA} testId="compare-node-status" /> : '—'}
          <span aria-hidden="true">→</span>
          {node.statusB !== null ? <StatusBadge status={node.statusB} testId="compare-node-status" /> : '—'}
        </span>
      );
    },
  }),
  helper.display({
    id: 'duration',
    header: 'Duration A / B',
    cell: (info) => {
      const node = info.row.original;
      return (
        <span className={node.differs.duration ? 'compare-node__changed' : undefined}>
          {formatDurationMs(node.durationMsA)} / {formatDurationMs(node.durationMsB)}
        </span>
      );
    },
  }),
  helper.display({
    id: 'delta',
    header: 'Δ time',
    cell: (info) => {
      const node = info.row.original;
      const delta = durationDelta(node.durationMsA, node.durationMsB);
      return delta ? (
        <span className={node.differs.duration ? 'compare-node__changed' : 'muted'}>{delta}</span>
      ) : (
        <span className="muted">—</span>
      );
    },
  }),
  helper.display({
    id: 'tokens',
    header: 'Tokens',
    cell: (info) => {
      const node = info.row.original;
      return (
        <span className={node.differs.tokens ? 'compare-node__changed' : undefined}>
          {pairLabel(node.tokensA, node.tokensB, formatCount)}
        </span>
      );
    },
  }),
  helper.display({
    id: 'cost',
    header: 'Cost',
    cell: (info) => {
      const node = info.row.original;
      return (
        <span className={node.differs.cost ? 'compare-node__changed' : undefined}>
          {pairLabel(node.costA, node.costB, formatCost)}
        </span>
      );
    },
  }),
  helper.display({
    id: 'differs',
    header: 'Differs in',
    cell: (info) => {
      const node = info.row.original;
      const names = differenceNames(node);
      return (
        <span className="compare-node__badges" data-testid="compare-node-differs">
          {nodeBadges(node).map((badge) => (
            <span key={badge.kind} className={`tag compare-badge compare-badge--${badge.kind}`}>
              {badge.label}
            </span>
          ))}
          {names.length > 0 ? (
            names.join(', ')
          ) : nodeBadges(node).length === 0 ? (
            <span className="muted">—</span>
          ) : null}
        </span>
      );
    },
  }),
]);

/** Right-aligned columns (numbers). */
export const NUMERIC_NODE_COLUMNS = new Set(['duration', 'delta', 'tokens', 'cost']);
