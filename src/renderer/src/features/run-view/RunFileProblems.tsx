import type { FileProblem } from '../../../../shared/run-data';
import { useLiveRunStore } from '../../stores/live-run-store';
import { ImportTracesInFile } from './ImportTracesInFile';
import { ImportWarnings } from './ImportWarnings';

const NONE: readonly FileProblem[] = [];

/**
 * What is wrong with, or was left out of, the run's files: for a run imported from a trace file,
 * the other runs the file made and what the import warned of; then missing files and broken lines.
 */
export function RunFileProblems() {
  return (
    <>
      <ImportTracesInFile />
      <ImportWarnings />
      <BrokenLines />
    </>
  );
}

/** The run's files that are missing or have broken lines, each with its line: the rest still loaded. */
function BrokenLines() {
  const problems = useLiveRunStore((state) => state.summary?.problems ?? NONE);
  if (problems.length === 0) return null;
  return (
    <details className="notice run-view__problems" data-testid="run-file-problems">
      <summary>
        {problems.length === 1 ? 'One problem' : `${problems.length} problems`} reading the run&apos;s files
        (the rest loaded)
      </summary>
      <ul>
        {problems.map((problem, index) => (
          <li key={`${problem.file}:${problem.line ?? ''}:${index}`} data-testid="run-file-problem">
            <span className="mono">
              {problem.file}
              {problem.line !== null ? `, line ${problem.line}` : ''}
            </span>
            : {problem.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
