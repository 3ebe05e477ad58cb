import {
  benchChangedFiles,
  benchOutcomeHistory,
  type ChangedFilesBench,
  type OutcomeHistoryBench,
} from './support/bench-compare';
import type { ProgressReporter } from './measure';
import type { ScaleSizes } from './options';
import { formatTable } from './report';
import { formatCount, formatDuration, loadNow, metOrNot, type ScaleSuite } from './scale-suite';

export const TARGET_HISTORY_FIRST_SCREEN_MS = 1_000;
export const TARGET_CHANGED_FILES_LISTING_MS = 2_000;

export function historyAndCompareSuites(scale: ScaleSizes): ScaleSuite[] {
  return [
    {
      id: 'history',
      onlyWhenNamed: false,
      run: (progress) => historySection(scale.historyCommits, progress),
    },
    { id: 'compare', onlyWhenNamed: false, run: (progress) => compareSection(scale.changedFiles, progress) },
  ];
}

async function historySection(commits: number, progress: ProgressReporter): Promise<string[]> {
  const load = loadNow();
  progress(`history    ${formatCount(commits)} commits: building the repository and reading pages`);
  const figures = await benchOutcomeHistory({ commits });
  if (figures.commits < commits) {
    throw new Error(`history bench: asked for ${commits} commits, the repository has ${figures.commits}`);
  }
  return formatHistorySection(figures, load);
}

export function formatHistorySection(f: OutcomeHistoryBench, load: string): string[] {
  const met = f.firstScreenMs < TARGET_HISTORY_FIRST_SCREEN_MS;
  return [
    `Outcome history: ${formatCount(f.commits)} commits on ${formatCount(f.runBranches)} run branches, ` +
      `${f.laneCount} lanes, pages of ${f.pageSize}, one run, ${load}`,
    ...formatTable([
      ['', 'time'],
      [
        'building the repository (git fast-import, not something a user waits for)',
        formatDuration(f.buildMs),
      ],
      ['first screen: open the repository + the first page', formatDuration(f.firstScreenMs)],
      ['  of it the first page alone', formatDuration(f.firstPageMs)],
      ['the last page (the whole history laid out)', formatDuration(f.deepPageMs)],
      ['a page from the middle, layout cached', formatDuration(f.cachedPageMs)],
    ]),
    '',
    `Verdict: "history first screen < ${TARGET_HISTORY_FIRST_SCREEN_MS / 1000} s" ${metOrNot(met)}: ` +
      `${formatDuration(f.firstScreenMs)} for ${formatCount(f.commits)} commits.`,
  ];
}

async function compareSection(files: number, progress: ProgressReporter): Promise<string[]> {
  const load = loadNow();
  progress(`compare    ${formatCount(files)} files per run: building two runs and comparing them`);
  const figures = await benchChangedFiles({ files });
  if (figures.listedChanges !== figures.differing) {
    throw new Error(
      `compare bench: ${figures.differing} files differ between the runs, ${figures.listedChanges} were listed`,
    );
  }
  return formatCompareSection(figures, load);
}

export function formatCompareSection(f: ChangedFilesBench, load: string): string[] {
  // The window's comparison calls compareRuns, so the listing a user waits for is the end-to-end figure.
  const met = f.compareRunsMs < TARGET_CHANGED_FILES_LISTING_MS;
  return [
    `Changed files between two runs: ${formatCount(f.files)} files written by the first run, ` +
      `${formatCount(f.differing)} differing, ${formatCount(f.listedChanges)} listed, one run, ${load}`,
    ...formatTable([
      ['', 'time'],
      ['building both runs (git fast-import + run folders, not timed for users)', formatDuration(f.buildMs)],
      ['changedFiles: names and statuses', formatDuration(f.changedFilesMs)],
      [
        'compareRunOutcomes: the same with sizes, line counts, binary flags',
        formatDuration(f.outcomeListingMs),
      ],
      ['compareRuns end to end: both run folders, nodes and files compared', formatDuration(f.compareRunsMs)],
    ]),
    '',
    `Verdict: "changed-files listing < ${TARGET_CHANGED_FILES_LISTING_MS / 1000} s" ${metOrNot(met)}: ` +
      `${formatDuration(f.compareRunsMs)} end to end (what the window's comparison calls), ` +
      `${formatDuration(f.outcomeListingMs)} for the listing with sizes alone.`,
  ];
}
