import type { JsonChange, JsonChangeList, NodeComparison } from '../../../../shared/compare-data';
import { formatCount } from '../../format/format';
import { changeValueText, differenceNames, nodeBadges } from './compare-view';

/** The selected node's differences: its output and outcome as JSON changes (path, before, after). */
export function NodeChanges({ node }: { node: NodeComparison }) {
  const names = differenceNames(node);
  const badges = nodeBadges(node);
  return (
    <section
      className="compare-changes"
      data-testid="compare-node-detail"
      aria-label={`Changes of ${node.hierarchyPath}`}
    >
      <h3 className="compare-changes__title">
        <span className="mono">{node.hierarchyPath}</span>
        {badges.map((badge) => (
          <span key={badge.kind} className={`tag compare-badge compare-badge--${badge.kind}`}>
            {badge.label}
          </span>
        ))}
        <span className="muted compare-changes__differs">
          {names.length > 0
            ? `differs in ${names.join(', ')}`
            : badges.length > 0
              ? ''
              : 'the same in both runs'}
        </span>
      </h3>
      {node.inA && node.inB ? (
        <>
          <ChangeList
            title="Output"
            list={node.outputDiff}
            differs={node.differs.output}
            testId="compare-output-changes"
          />
          <ChangeList
            title="Outcome"
            list={node.outcomeDiff}
            differs={node.differs.outcome}
            testId="compare-outcome-changes"
          />
        </>
      ) : (
        <p className="muted compare-changes__note">
          The node ran only in run {node.inA ? 'A' : 'B'}: there is nothing to compare it with.
        </p>
      )}
    </section>
  );
}

function ChangeList(props: {
  title: string;
  list: JsonChangeList | undefined;
  differs: boolean;
  testId: string;
}) {
  const { title, list, differs, testId } = props;
  const changes = list?.changes ?? [];
  return (
    <div className="compare-changes__group" data-testid={testId}>
      <h4 className="section-title compare-changes__heading">
        {title}{' '}
        {changes.length > 0 ? (
          <span className="count">{formatCount(changes.length + (list?.omitted ?? 0))}</span>
        ) : null}
      </h4>
      {changes.length === 0 ? (
        <p className="muted compare-changes__note">
          {differs ? 'Differs, but no change was listed.' : 'The same in both runs.'}
        </p>
      ) : (
        <div className="compare-changes__table" role="table" aria-label={`${title} changes`}>
          <div className="compare-changes__row compare-changes__row--head" role="row">
            <span role="columnheader">Path</span>
            <span role="columnheader">Before (A)</span>
            <span role="columnheader">After (B)</span>
          </div>
          {changes.map((change, index) => (
            <ChangeRow key={`${change.path}:${index}`} change={change} />
          ))}
        </div>
      )}
      {list && list.omitted > 0 ? (
        <p className="muted compare-changes__note">
          {formatCount(list.omitted)} more changes were found and not listed.
        </p>
      ) : null}
    </div>
  );
}

function ChangeRow({ change }: { change: JsonChange }) {
  return (
    <div
      className="compare-changes__row"
      role="row"
      data-testid="compare-json-change"
      data-path={change.path}
      data-kind={change.kind}
    >
      <span role="cell" className="compare-changes__path mono">
        {change.path === '' ? <span className="muted">(the whole value)</span> : change.path}
        <span className={`tag compare-changes__kind compare-changes__kind--${change.kind}`}>
          {change.kind}
        </span>
      </span>
      <span
        role="cell"
        className="compare-changes__value compare-changes__value--before"
        data-testid="compare-change-before"
      >
        {change.kind === 'added' ? <span className="muted">—</span> : changeValueText(change.before)}
      </span>
      <span
        role="cell"
        className="compare-changes__value compare-changes__value--after"
        data-testid="compare-change-after"
      >
        {change.kind === 'removed' ? <span className="muted">—</span> : changeValueText(change.after)}
      </span>
    </div>
  );
}
