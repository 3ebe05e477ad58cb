import { useMemo } from 'react';
import type { RunListEntry } from '../../../../shared/run-data';
import { runOptions } from './compare-view';

interface RunPickersProps {
  runs: readonly RunListEntry[];
  runA: string | null;
  runB: string | null;
  onPick(pair: { runA: string | null; runB: string | null }): void;
  onSwap(): void;
}

/** Two run pickers, A (before) and B (after), with a button that swaps them. */
export function RunPickers({ runs, runA, runB, onPick, onSwap }: RunPickersProps) {
  const options = useMemo(() => runOptions(runs), [runs]);
  // A run asked for that the list does not hold (yet) is still offered, so the picker shows it.
  const withPicked = (picked: string | null) =>
    picked === null || options.some((option) => option.value === picked)
      ? options
      : [{ value: picked, label: picked }, ...options];

  return (
    <div className="compare-pickers" role="group" aria-label="Runs to compare">
      <label className="compare-pickers__field">
        <span className="compare-pickers__side">A</span>
        <select
          className="select select--small compare-pickers__select"
          aria-label="Run A"
          data-testid="compare-pick-a"
          value={runA ?? ''}
          onChange={(event) => onPick({ runA: event.target.value || null, runB })}
        >
          <option value="">The run B re-ran</option>
          {withPicked(runA).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="icon-button"
        aria-label="Swap the runs"
        title="Swap A and B"
        data-testid="compare-swap"
        disabled={runA === null || runB === null}
        onClick={onSwap}
      >
        ⇄
      </button>
      <label className="compare-pickers__field">
        <span className="compare-pickers__side">B</span>
        <select
          className="select select--small compare-pickers__select"
          aria-label="Run B"
          data-testid="compare-pick-b"
          value={runB ?? ''}
          onChange={(event) => onPick({ runA, runB: event.target.value || null })}
        >
          {runB === null ? <option value="">Pick a run</option> : null}
          {withPicked(runB).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
