import { useEffect, useMemo, useState } from 'react';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useCallResult } from '../../hooks/useCallResult';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { ComparisonView } from './ComparisonView';
import type { CompareSection } from './ComparisonView';
import { defaultPair } from './compare-view';
import { RunPickers } from './RunPickers';
import './compare.css';

/** The comparison of two runs of the open project: another project starts it afresh. */
export function CompareScreen() {
  const root = useProjectStore((state) => state.project?.root ?? '');
  return <RunComparison key={root} />;
}

/** Two runs side by side: outcome files, node by node differences and a summary line. */
function RunComparison() {
  const stored = useViewStore((state) => state.compare);
  const runs = useProjectStore((state) => state.runs);
  const runsLoading = useProjectStore((state) => state.runsLoading);
  const canLaunch = useProjectStore((state) => state.project?.isDadProject ?? false);
  const [section, setSection] = useState<CompareSection>('files');
  const fallback = useMemo(() => (stored === null ? defaultPair(runs) : null), [stored, runs]);

  // With nothing asked for, the newest run and its original become the pair, kept while runs arrive.
  useEffect(() => {
    if (stored === null && fallback?.runB) {
      useViewStore.getState().openCompare({ runA: fallback.runA, runB: fallback.runB });
    }
  }, [stored, fallback]);

  const runA = stored?.runA ?? null;
  const runB = stored?.runB ?? null;
  const entryB = runB === null ? undefined : runs.find((run) => run.runId === runB);
  // The service picks A only for a re-run; for a run known not to be one, the user must choose.
  const mustChooseA = runA === null && entryB !== undefined && entryB.previousRunId === null;
  const statusA = runs.find((run) => run.runId === runA)?.status ?? '';
  // A run that was still going when compared is compared again once its status changes.
  const key = `${runA ?? ''}|${runB ?? ''}|${statusA}|${entryB?.status ?? ''}`;
  const comparison = useCallResult(
    runB === null || mustChooseA
      ? null
      : () => request('compareRuns', runA === null ? { runB } : { runA, runB }),
    key,
    `${runA ?? ''}|${runB ?? ''}`,
  );
  const shownA = runA ?? comparison.value?.runA.runId ?? null;

  const pick = (pair: { runA: string | null; runB: string | null }) => {
    if (pair.runB !== null) useViewStore.getState().openCompare({ runA: pair.runA, runB: pair.runB });
  };

  return (
    <div className="compare" data-testid="compare-screen">
      <div className="compare__toolbar">
        <h2 className="compare__title">Compare runs</h2>
        <RunPickers
          runs={runs}
          runA={shownA}
          runB={runB}
          onPick={pick}
          onSwap={() => {
            if (shownA !== null && runB !== null) pick({ runA: runB, runB: shownA });
          }}
        />
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="compare-refresh"
          disabled={comparison.loading || runB === null || mustChooseA}
          onClick={comparison.reload}
        >
          {comparison.loading ? 'Comparing…' : 'Refresh'}
        </button>
      </div>
      {runB === null ? (
        <p className="notice compare__notice" data-testid="compare-empty">
          {runs.length > 0
            ? 'Pick the two runs to compare.'
            : runsLoading
              ? 'Reading the project’s runs…'
              : canLaunch
                ? 'This project has no runs yet: launch an agent, then compare its runs here.'
                : 'This folder has no runs to compare.'}
        </p>
      ) : mustChooseA ? (
        <p className="notice compare__notice" data-testid="compare-choose-a">
          {runB} is not a re-run: pick the run to compare it with.
        </p>
      ) : null}
      <ErrorBanner
        title="Could not compare the runs"
        error={comparison.error}
        testId="compare-error"
        onRetry={comparison.reload}
      />
      {comparison.value ? (
        <ComparisonView key={key} comparison={comparison.value} section={section} onSection={setSection} />
      ) : comparison.loading ? (
        <p className="muted compare__loading" data-testid="compare-loading">
          Comparing the runs…
        </p>
      ) : null}
    </div>
  );
}
