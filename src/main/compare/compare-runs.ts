import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type {
  ComparedRun,
  JsonChangeList,
  NodeComparison,
  OutcomeComparison,
  RunComparison,
} from '../../shared/compare-data';
import { errorMessage } from '../engine/errors';
import type { OutcomeRepository } from '../engine/outcome';
import { diffJson } from './json-diff';
import { openOutcomeRepositoryOf } from './project-runs';
import {
  type NodeRecord,
  numberOr,
  previousRunOf,
  readRunDirectory,
  recordedOutcomeCommits,
  stringOr,
} from './run-directory';
import { summaryLine } from './summary-line';
import { readNodeDurations } from './trace-durations';

export interface CompareRunsOptions {
  runDirA: string;
  runDirB: string;
  /**
   * The outcome repository holding both runs' branches; null to leave the outcome files out;
   * when absent, the repository beside the runs (`<runs>/outcome/<identifier>`) is opened if it exists.
   */
  outcomeRepository?: OutcomeRepository | null;
  /** Names the repository looked for when `outcomeRepository` is absent. */
  projectIdentifier?: string;
}

/** Durations this close are the same as far as a reader cares: noise, not a difference. */
const DURATION_MIN_DIFFERENCE_MS = 10;
const DURATION_MIN_DIFFERENCE_RATIO = 0.1;
const RUN_ID_PLACEHOLDER = '<run_id>';
const RUN_DIR_PLACEHOLDER = '<run_dir>';

/**
 * Compares two runs: what they are, which outcome files differ between their branches, and node
 * by node which differ in status, output, outcome, duration, tokens and cost.
 */
export async function compareRuns(options: CompareRunsOptions): Promise<RunComparison> {
  const dirA = resolve(options.runDirA);
  const dirB = resolve(options.runDirB);
  const [a, b, timesA, timesB] = await Promise.all([
    readRunDirectory(dirA),
    readRunDirectory(dirB),
    readNodeDurations(dirA),
    readNodeDurations(dirB),
  ]);
  const problems = [...a.problems, ...b.problems];
  for (const [run, times] of [
    [a.run, timesA],
    [b.run, timesB],
  ] as const) {
    if (times.problem !== null) problems.push(times.problem);
    if (times.brokenLines > 0) {
      problems.push(
        `${times.brokenLines} line(s) of ${join(run.dir, '.trace', 'trace.jsonl')} could not be read`,
      );
    }
  }

  const sameFolder = (await realDir(dirname(dirA))) === (await realDir(dirname(dirB)));
  const projectNote = projectDifference(a.run, b.run, sameFolder);
  const outcome = await compareOutcomes(options, a.run, b.run, sameFolder, {
    a: recordedOutcomeCommits(a.nodes.values()),
    b: recordedOutcomeCommits(b.nodes.values()),
  });
  if (outcome.available && outcome.reason !== undefined) problems.push(outcome.reason);

  const nodes = compareNodes(a.run, b.run, a.nodes, b.nodes, timesA.durations, timesB.durations);
  const nodeCounts = {
    total: nodes.length,
    differing: nodes.filter((node) => node.differsAtAll).length,
    reused: nodes.filter((node) => node.reusedInA === true || node.reusedInB === true).length,
    onlyInA: nodes.filter((node) => node.inA && !node.inB).length,
    onlyInB: nodes.filter((node) => !node.inA && node.inB).length,
    status: nodes.filter((node) => node.inA && node.inB && node.differs.status).length,
    output: nodes.filter((node) => node.differs.output).length,
    outcome: nodes.filter((node) => node.differs.outcome).length,
  };
  const comparison: Omit<RunComparison, 'summary'> = {
    runA: a.run,
    runB: b.run,
    sameProject: projectNote === null,
    ...(projectNote === null ? {} : { projectNote }),
    outcome,
    nodes,
    nodeCounts,
    problems,
  };
  return { ...comparison, summary: summaryLine(comparison) };
}

/**
 * The run a re-run is compared with by default: the one it continued (`rerun_info.previous_run_id`
 * in `.trace/dad_metadata.json`), when its directory is beside it. Null for a fresh run.
 */
export async function defaultComparisonFor(
  runDir: string,
): Promise<{ previousRunId: string; runDirA: string; runDirB: string; exists: boolean } | null> {
  const previousRunId = await previousRunOf(runDir);
  if (previousRunId === null) return null;
  const runDirA = join(dirname(resolve(runDir)), previousRunId);
  return { previousRunId, runDirA, runDirB: resolve(runDir), exists: existsSync(runDirA) };
}

function projectDifference(runA: ComparedRun, runB: ComparedRun, sameFolder: boolean): string | null {
  const reasons: string[] = [];
  if (runA.rootComponentId !== runB.rootComponentId) {
    reasons.push(
      `${runA.runId} ran ${runA.rootComponentId ?? 'an unknown component'} and ${runB.runId} ran ` +
        `${runB.rootComponentId ?? 'an unknown component'}`,
    );
  }
  if (!sameFolder) {
    reasons.push(`the runs are in different runs folders (${dirname(runA.dir)} and ${dirname(runB.dir)})`);
  }
  return reasons.length === 0 ? null : reasons.join('; ');
}

async function compareOutcomes(
  options: CompareRunsOptions,
  runA: ComparedRun,
  runB: ComparedRun,
  sameFolder: boolean,
  recorded: { a: string[]; b: string[] },
): Promise<OutcomeComparison> {
  const counts = { added: 0, removed: 0, changed: 0, renamed: 0 };
  const unavailable = (reason: string, repositoryDir?: string): OutcomeComparison => ({
    available: false,
    reason,
    ...(repositoryDir === undefined ? {} : { repositoryDir }),
    files: [],
    counts,
  });
  if (options.outcomeRepository === null) return unavailable('no outcome repository was given');
  if (!sameFolder) {
    return unavailable(
      'the runs are in different runs folders, so their outcome files are in different repositories',
    );
  }
  let repository: OutcomeRepository;
  try {
    repository =
      options.outcomeRepository ??
      (await openOutcomeRepositoryOf(dirname(runA.dir), options.projectIdentifier));
  } catch (error) {
    return unavailable(errorMessage(error));
  }
  try {
    const states = await repository.runBranchStates([
      { runId: runA.runId, recordedCommits: recorded.a },
      { runId: runB.runId, recordedCommits: recorded.b },
    ]);
    const missing = states.filter((state) => state.state === 'branch_missing');
    if (missing.length > 0) {
      return unavailable(
        missing.map((state) => `${state.runId}: ${state.detail}`).join('; '),
        repository.dir,
      );
    }
    const rewritten = states.filter((state) => state.state === 'rewritten');
    const { tipA, tipB, files } = await repository.compareRunOutcomes(runA.runId, runB.runId);
    for (const file of files) counts[file.status] += 1;
    return {
      available: true,
      ...(rewritten.length > 0
        ? { reason: rewritten.map((state) => `${state.runId}: ${state.detail}`).join('; ') }
        : {}),
      repositoryDir: repository.dir,
      tipA,
      tipB,
      files,
      counts,
    };
  } catch (error) {
    return unavailable(errorMessage(error), repository.dir);
  }
}

function compareNodes(
  runA: ComparedRun,
  runB: ComparedRun,
  nodesA: Map<string, NodeRecord>,
  nodesB: Map<string, NodeRecord>,
  timesA: Map<string, number>,
  timesB: Map<string, number>,
): NodeComparison[] {
  const sameString = maskedStringComparer(runA, runB);
  const bContinuesA = runB.previousRunId === runA.runId;
  const aContinuesB = runA.previousRunId === runB.runId;
  return executionOrder(nodesA, nodesB).map((hierarchyPath): NodeComparison => {
    const a = nodesA.get(hierarchyPath) ?? null;
    const b = nodesB.get(hierarchyPath) ?? null;
    const sameBytes = a !== null && b !== null && a.bytes.length > 0 && a.bytes.equals(b.bytes);
    const reusedInB = bContinuesA && sameBytes;
    const reusedInA = aContinuesB && sameBytes;
    const statusA = stringOr(a?.result?.execution_status);
    const statusB = stringOr(b?.result?.execution_status);
    const durationMsA = a === null ? null : (timesA.get(hierarchyPath) ?? null);
    const durationMsB = b === null ? null : (timesB.get(hierarchyPath) ?? null);
    const tokensA = numberOr(a?.result?.usage_total_tokens);
    const tokensB = numberOr(b?.result?.usage_total_tokens);
    const costA = numberOr(a?.result?.usage_cost);
    const costB = numberOr(b?.result?.usage_cost);
    let outputDiff: JsonChangeList | undefined;
    let outcomeDiff: JsonChangeList | undefined;
    if (a !== null && b !== null && !sameBytes) {
      outputDiff = diffJson(a.result?.output ?? null, b.result?.output ?? null, { sameString });
      outcomeDiff = diffJson(a.result?.outcome ?? null, b.result?.outcome ?? null, { sameString });
    }
    const changed = (list: JsonChangeList | undefined): boolean =>
      list !== undefined && list.changes.length + list.omitted > 0;
    const differs = {
      status: statusA !== statusB,
      output: changed(outputDiff),
      outcome: changed(outcomeDiff),
      duration: durationsDiffer(durationMsA, durationMsB),
      tokens: a !== null && b !== null && tokensA !== tokensB,
      cost: a !== null && b !== null && costA !== costB,
    };
    return {
      hierarchyPath,
      nodeId: (a ?? b)!.nodeId,
      inA: a !== null,
      inB: b !== null,
      statusA,
      statusB,
      ...(reusedInB ? { reusedInB } : {}),
      ...(reusedInA ? { reusedInA } : {}),
      differsAtAll:
        a === null ||
        b === null ||
        differs.status ||
        differs.output ||
        differs.outcome ||
        differs.tokens ||
        differs.cost,
      differs,
      durationMsA,
      durationMsB,
      tokensA,
      tokensB,
      costA,
      costB,
      ...(differs.output ? { outputDiff } : {}),
      ...(differs.outcome ? { outcomeDiff } : {}),
    };
  });
}

/**
 * Both runs' nodes in the order they ran: A's by the time of their results, and each node only B
 * has placed after the node B ran before it.
 */
function executionOrder(nodesA: Map<string, NodeRecord>, nodesB: Map<string, NodeRecord>): string[] {
  const ordered = (nodes: Map<string, NodeRecord>): string[] =>
    [...nodes.values()]
      .map((node) => ({ path: node.hierarchyPath, at: stringOr(node.result?.created_at) ?? '' }))
      .sort((x, y) => x.at.localeCompare(y.at) || x.path.localeCompare(y.path))
      .map((node) => node.path);
  const orderA = ordered(nodesA);
  const rankA = new Map(orderA.map((path, index) => [path, index]));
  const keyed = orderA.map((path, index) => ({ path, after: index, sub: -1 }));
  let lastInA = -1;
  ordered(nodesB).forEach((path, index) => {
    const rank = rankA.get(path);
    if (rank !== undefined) lastInA = rank;
    else keyed.push({ path, after: lastInA, sub: index });
  });
  return keyed.sort((x, y) => x.after - y.after || x.sub - y.sub).map((entry) => entry.path);
}

function durationsDiffer(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return false;
  const gap = Math.abs(a - b);
  return gap >= DURATION_MIN_DIFFERENCE_MS && gap >= DURATION_MIN_DIFFERENCE_RATIO * Math.max(a, b);
}

/**
 * Compares strings with each run's own id and directory masked, so that a path naming the run
 * (an outcome work tree, a run folder) is not counted as a difference.
 */
function maskedStringComparer(runA: ComparedRun, runB: ComparedRun): (a: string, b: string) => boolean {
  const mask = (text: string, run: ComparedRun): string =>
    text.split(run.dir).join(RUN_DIR_PLACEHOLDER).split(run.runId).join(RUN_ID_PLACEHOLDER);
  return (a, b) => a === b || mask(a, runA) === mask(b, runB);
}

async function realDir(dir: string): Promise<string> {
  return realpath(dir).catch(() => dir);
}
