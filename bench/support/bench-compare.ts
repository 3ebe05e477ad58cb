import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OutcomeRepository } from '../../src/main/engine/outcome';
import {
  buildSyntheticHistory,
  buildSyntheticRunPair,
} from '../../src/main/engine/outcome/synthetic-history';
import { compareRuns } from '../../src/main/compare/compare-runs';

/**
 * Scale benchmarks of the outcome history and of comparing two runs. Each builds its repository
 * in a temporary folder (with `git fast-import`), measures, removes the folder and returns the
 * figures in ms; it prints nothing.
 */

export interface OutcomeHistoryBench {
  commits: number;
  runBranches: number;
  /** Building the repository (not part of what a user waits for). */
  buildMs: number;
  /** Opening the repository and reading the first page: what a user waits for to see the first screen. */
  firstScreenMs: number;
  /** The first page alone, on an opened repository. */
  firstPageMs: number;
  /** The last page: the whole history laid out. */
  deepPageMs: number;
  /** Another page once the layout is cached. */
  cachedPageMs: number;
  pageSize: number;
  laneCount: number;
}

export async function benchOutcomeHistory(
  options: { commits?: number; pageSize?: number } = {},
): Promise<OutcomeHistoryBench> {
  const commits = options.commits ?? 10_000;
  const pageSize = options.pageSize ?? 100;
  const root = await mkdtemp(join(tmpdir(), 'bench-history-'));
  try {
    const runsDir = join(root, 'runs');
    let started = performance.now();
    const history = await buildSyntheticHistory(join(runsDir, 'outcome', 'bench'), { commits });
    const buildMs = performance.now() - started;

    started = performance.now();
    const repository = await OutcomeRepository.openExisting({
      effectiveRunRoot: runsDir,
      projectIdentifier: 'bench',
    });
    const openMs = performance.now() - started;
    started = performance.now();
    const first = await repository.commitGraph({ offset: 0, limit: pageSize });
    const firstPageMs = performance.now() - started;

    started = performance.now();
    await repository.commitGraph({ offset: Math.max(0, history.commitCount - pageSize), limit: pageSize });
    const deepPageMs = performance.now() - started;
    started = performance.now();
    const middle = await repository.commitGraph({
      offset: Math.floor(history.commitCount / 2),
      limit: pageSize,
    });
    const cachedPageMs = performance.now() - started;
    return {
      commits: history.commitCount,
      runBranches: history.runIds.length,
      buildMs,
      firstScreenMs: openMs + firstPageMs,
      firstPageMs,
      deepPageMs,
      cachedPageMs,
      pageSize,
      laneCount: Math.max(first.laneCount, middle.laneCount),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export interface ChangedFilesBench {
  /** Files the first run wrote. */
  files: number;
  /** Files that differ between the two runs. */
  differing: number;
  buildMs: number;
  /** `OutcomeRepository.changedFiles`: the names and statuses. */
  changedFilesMs: number;
  /** `OutcomeRepository.compareRunOutcomes`: the same with sizes, line counts and binary flags. */
  outcomeListingMs: number;
  /** `compareRuns` end to end: both run directories read, nodes and files compared, summary made. */
  compareRunsMs: number;
  listedChanges: number;
}

export async function benchChangedFiles(
  options: { files?: number; nodes?: number } = {},
): Promise<ChangedFilesBench> {
  const files = options.files ?? 10_000;
  const nodes = options.nodes ?? 50;
  const root = await mkdtemp(join(tmpdir(), 'bench-changed-'));
  try {
    const runsDir = join(root, 'runs');
    let started = performance.now();
    const pair = await buildSyntheticRunPair(join(runsDir, 'outcome', 'bench'), { files });
    await writeRunDirectory(runsDir, pair.runA, { nodes, previousRunId: null, variant: 0 });
    await writeRunDirectory(runsDir, pair.runB, { nodes, previousRunId: pair.runA, variant: 1 });
    const buildMs = performance.now() - started;

    const repository = await OutcomeRepository.openExisting({
      effectiveRunRoot: runsDir,
      projectIdentifier: 'bench',
    });
    started = performance.now();
    const changed = await repository.changedFiles(pair.runA, pair.runB);
    const changedFilesMs = performance.now() - started;
    started = performance.now();
    await repository.compareRunOutcomes(pair.runA, pair.runB);
    const outcomeListingMs = performance.now() - started;
    started = performance.now();
    const comparison = await compareRuns({
      runDirA: join(runsDir, pair.runA),
      runDirB: join(runsDir, pair.runB),
      projectIdentifier: 'bench',
    });
    const compareRunsMs = performance.now() - started;
    if (comparison.outcome.files.length !== changed.length) {
      throw new Error(
        `the benchmark's comparison listed ${comparison.outcome.files.length} files, changedFiles ${changed.length}: ` +
          (comparison.outcome.reason ?? ''),
      );
    }
    return {
      files,
      differing: pair.differing,
      buildMs,
      changedFilesMs,
      outcomeListingMs,
      compareRunsMs,
      listedChanges: changed.length,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A run directory in the engine's format with `nodes` echo-like nodes and their spans. */
async function writeRunDirectory(
  runsDir: string,
  runId: string,
  options: { nodes: number; previousRunId: string | null; variant: number },
): Promise<void> {
  const runDir = join(runsDir, runId);
  const at = new Date(Date.UTC(2026, 0, 1, 0, options.variant)).toISOString();
  await mkdir(join(runDir, '.trace'), { recursive: true });
  await mkdir(join(runDir, 'static_inputs'), { recursive: true });
  const metadata = {
    run_id: runId,
    created_at: at,
    status: 'completed',
    completed_at: at,
    duration_seconds: 10 + options.variant,
    error: null,
    ...(options.previousRunId === null
      ? {}
      : { rerun_info: { previous_run_id: options.previousRunId, start_hierarchy_path: null } }),
  };
  await writeFile(join(runDir, '.trace', 'dad_metadata.json'), JSON.stringify(metadata, null, 2));
  const spans: string[] = [];
  for (let index = 0; index < options.nodes; index += 1) {
    const nodeId = `node_${index}`;
    const nodeDir = join(runDir, 'agent', 'main', nodeId);
    await mkdir(nodeDir, { recursive: true });
    const text = index % 3 === 0 ? `answer ${index}, version ${options.variant}` : `answer ${index}`;
    const result = {
      executable_type: 'flow_node',
      node_identifier: nodeId,
      execution_status: 'completed',
      output: { data: { response: { text, usage: { total_tokens: 100 + index } } } },
      outcome: { text },
      created_at: at,
      usage_cost: 0.001,
      usage_total_tokens: 100 + index,
    };
    await writeFile(join(nodeDir, 'result.json'), JSON.stringify(result, null, 2));
    spans.push(
      JSON.stringify({
        name: 'echo.execute',
        attributes: {
          'dad.generic.node_id': nodeId,
          'dad.generic.node_hierarchy': `agent.main.${nodeId}`,
          'dad.generic.execution_duration_ms': 50 + index * (options.variant + 1),
        },
      }),
    );
  }
  await writeFile(join(runDir, '.trace', 'trace.jsonl'), `${spans.join('\n')}\n`);
  await writeFile(
    join(runDir, 'run_summary.json'),
    JSON.stringify({ run_id: runId, root_component_id: 'agent', created_at: at, completed_at: at }),
  );
}
