import type { RunComparison } from '../../../../shared/compare-data';
import { formatCount } from '../../format/format';
import { NodesPanel } from './NodesPanel';
import { OutcomeFilesPanel } from './OutcomeFilesPanel';
import { RunHeader } from './RunHeader';
import { SummaryLine } from './SummaryLine';

export type CompareSection = 'files' | 'nodes';

interface ComparisonViewProps {
  comparison: RunComparison;
  /** Kept by the screen, so a swap or another pick stays on the same section. */
  section: CompareSection;
  onSection(section: CompareSection): void;
}

/** One comparison: both runs' facts, the summary line, then the outcome files or the nodes. */
export function ComparisonView({ comparison, section, onSection: setSection }: ComparisonViewProps) {
  const { outcome, nodeCounts } = comparison;
  const fileCount = outcome.available ? outcome.files.length : null;

  const tab = (id: CompareSection, label: string) => (
    <button
      type="button"
      role="tab"
      id={`compare-tab-${id}`}
      aria-selected={section === id}
      aria-controls={`compare-panel-${id}`}
      className={section === id ? 'tab tab--active' : 'tab'}
      data-testid={`compare-tab-${id}`}
      onClick={() => setSection(id)}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          event.preventDefault();
          const next: CompareSection = id === 'files' ? 'nodes' : 'files';
          setSection(next);
          document.getElementById(`compare-tab-${next}`)?.focus();
        }
      }}
    >
      {label}
    </button>
  );

  return (
    <div className="compare__body" data-testid="compare-result">
      <div className="compare__runs">
        <RunHeader side="A" run={comparison.runA} />
        <RunHeader side="B" run={comparison.runB} />
      </div>
      <SummaryLine text={comparison.summary} />
      {comparison.projectNote !== undefined ? (
        <p className="notice compare__notice compare__notice--warn" data-testid="compare-project-note">
          Not the same project: {comparison.projectNote}
        </p>
      ) : null}
      {comparison.problems.length > 0 ? (
        <div className="notice compare__notice compare__notice--warn" data-testid="compare-problems">
          <strong>Some of the runs’ files could not be compared:</strong>
          <ul className="compare__problems">
            {comparison.problems.map((problem, index) => (
              <li key={index}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="tabs compare__tabs" role="tablist" aria-label="What to compare">
        {tab('files', `Outcome files (${fileCount === null ? 'not compared' : formatCount(fileCount)})`)}
        {tab('nodes', `Nodes (${formatCount(nodeCounts.differing)} differ)`)}
      </div>
      <div
        className="compare__panel"
        role="tabpanel"
        id={`compare-panel-${section}`}
        aria-labelledby={`compare-tab-${section}`}
      >
        {section === 'files' ? (
          <OutcomeFilesPanel outcome={outcome} />
        ) : (
          <NodesPanel nodes={comparison.nodes} counts={nodeCounts} />
        )}
      </div>
    </div>
  );
}
