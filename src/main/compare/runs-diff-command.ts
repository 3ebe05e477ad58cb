import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NodeComparison, OutcomeFileChange, RunComparison } from '../../shared/compare-data';
import { errorMessage } from '../engine/errors';
import { projectIdentifierOf } from '../engine/project-identity';
import { compareRuns, defaultComparisonFor } from './compare-runs';
import { findProjectRoot, listRunIds, RUN_ID_PATTERN, runFolderOf, runsFolderOf } from './project-runs';
import { formatCost, formatCount, formatMs } from './summary-line';

export const RUNS_DIFF_USAGE = `Usage: dad runs diff <run_a> <run_b> [--project-root P] [--json]
       dad runs diff <rerun> [--project-root P] [--json]

Compares two runs of a project: outcome files added, removed and changed, and node by node
which nodes differ in status, output, outcome, duration, tokens and cost. Given one re-run,
compares it with the run it continued.
  --project-root P  the project (default: the nearest folder up from here with .dhenara/ or runs/)
  --json            print the whole comparison as JSON
  -h, --help        show this text`;

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Where to look for the project when --project-root is not given (default: the process's cwd). */
  cwd?: string;
}

/** Files listed in the human output at most; --json has them all. */
const MAX_FILES_SHOWN = 500;
const SHOWN_RUN_IDS = 5;

/** `dad runs diff`: `argv` is what follows `runs diff`. Returns the exit code: 0 done, 1 failed, 2 misused. */
export async function runRunsDiffCommand(argv: string[], io: CommandIo): Promise<number> {
  const fail = (code: number, message: string): number => {
    io.stderr.write(`dad runs diff: ${message}\n`);
    return code;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'project-root': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return fail(2, `${errorMessage(error)}\n\n${RUNS_DIFF_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(`${RUNS_DIFF_USAGE}\n`);
    return 0;
  }
  if (positionals.length < 1 || positionals.length > 2) {
    return fail(2, `give two run ids, or one re-run's id\n\n${RUNS_DIFF_USAGE}`);
  }
  for (const runId of positionals) {
    if (!RUN_ID_PATTERN.test(runId)) {
      return fail(2, `${JSON.stringify(runId)} is not a run id (1-200 letters, digits and "_")`);
    }
  }

  const projectRoot =
    values['project-root'] !== undefined
      ? resolve(io.cwd ?? process.cwd(), values['project-root'])
      : findProjectRoot(io.cwd ?? process.cwd());
  if (projectRoot === null) {
    return fail(
      1,
      `no project found from ${io.cwd ?? process.cwd()} upwards (a folder with .dhenara/ or runs/); use --project-root`,
    );
  }
  const runsDir = runsFolderOf(projectRoot);
  if (runsDir === null) return fail(1, `${projectRoot} has no runs folder (${join(projectRoot, 'runs')})`);

  let runIdA: string;
  const runIdB = positionals.at(-1)!;
  if (positionals.length === 2) {
    runIdA = positionals[0];
  } else {
    const folder = runFolderOf(runsDir, runIdB);
    if (folder.kind === 'missing') return fail(1, await missingRun(runIdB, runsDir));
    if (folder.kind === 'refused') return fail(1, folder.message);
    const original = await defaultComparisonFor(join(runsDir, runIdB));
    if (original === null) {
      return fail(
        2,
        `${runIdB} is not a re-run, so there is no run to compare it with by default: give two run ids`,
      );
    }
    runIdA = original.previousRunId;
  }
  for (const runId of [runIdA, runIdB]) {
    const folder = runFolderOf(runsDir, runId);
    if (folder.kind === 'missing') return fail(1, await missingRun(runId, runsDir));
    if (folder.kind === 'refused') return fail(1, folder.message);
  }

  let comparison: RunComparison;
  try {
    comparison = await compareRuns({
      runDirA: join(runsDir, runIdA),
      runDirB: join(runsDir, runIdB),
      // A bare runs folder has no project around it to name the repository.
      projectIdentifier: runsDir === projectRoot ? undefined : projectIdentifierOf(projectRoot),
    });
  } catch (error) {
    return fail(1, errorMessage(error));
  }
  io.stdout.write(
    values.json === true ? `${JSON.stringify(comparison, null, 2)}\n` : humanReport(comparison),
  );
  return 0;
}

async function missingRun(runId: string, runsDir: string): Promise<string> {
  const ids = await listRunIds(runsDir);
  const shown = ids.slice(0, SHOWN_RUN_IDS).join(', ');
  const more = ids.length > SHOWN_RUN_IDS ? ` and ${ids.length - SHOWN_RUN_IDS} more` : '';
  return ids.length === 0
    ? `run ${runId} not found in ${runsDir}, which holds no runs`
    : `run ${runId} not found in ${runsDir}; runs there: ${shown}${more}`;
}

/** The summary line, a table of the nodes that differ, then the outcome files that differ. */
export function humanReport(comparison: RunComparison): string {
  const lines = [comparison.summary, ''];
  if (comparison.projectNote !== undefined) lines.push(`Not the same project: ${comparison.projectNote}`, '');

  const differing = comparison.nodes.filter((node) => node.differsAtAll);
  if (differing.length === 0) {
    lines.push(`No node differs (${comparison.nodeCounts.total} compared).`);
  } else {
    lines.push(`Nodes that differ (${differing.length} of ${comparison.nodeCounts.total}):`);
    lines.push(
      ...table(
        ['NODE', 'STATUS', 'DIFFERS IN', 'TIME', 'TOKENS', 'COST'],
        differing.map((node) => nodeRow(node, comparison)),
      ),
    );
  }
  lines.push('');

  const outcome = comparison.outcome;
  if (!outcome.available) {
    lines.push(`Outcome files not compared: ${outcome.reason ?? 'unknown reason'}`);
  } else if (outcome.files.length === 0) {
    lines.push('No outcome file differs.');
  } else {
    lines.push(`Outcome files that differ (${outcome.files.length}):`);
    lines.push(...outcome.files.slice(0, MAX_FILES_SHOWN).map(fileLine));
    if (outcome.files.length > MAX_FILES_SHOWN) {
      lines.push(`  … and ${outcome.files.length - MAX_FILES_SHOWN} more (--json lists them all)`);
    }
  }
  if (comparison.problems.length > 0) {
    lines.push('', 'Problems:', ...comparison.problems.map((problem) => `  ${problem}`));
  }
  return `${lines.join('\n')}\n`;
}

function nodeRow(node: NodeComparison, comparison: RunComparison): string[] {
  const what =
    node.inA && !node.inB
      ? [`only in ${comparison.runA.runId}`]
      : !node.inA && node.inB
        ? [`only in ${comparison.runB.runId}`]
        : (['status', 'output', 'outcome', 'tokens', 'cost', 'duration'] as const).filter(
            (key) => node.differs[key],
          );
  return [
    node.hierarchyPath,
    `${node.statusA ?? '-'} → ${node.statusB ?? '-'}`,
    what.join(', '),
    `${formatMs(node.durationMsA)} → ${formatMs(node.durationMsB)}`,
    `${formatCount(node.tokensA)} → ${formatCount(node.tokensB)}`,
    `${formatCost(node.costA)} → ${formatCost(node.costB)}`,
  ];
}

function fileLine(file: OutcomeFileChange): string {
  const letter = { added: 'A', removed: 'D', changed: 'M', renamed: 'R' }[file.status];
  const name = file.status === 'renamed' ? `${file.oldPath} → ${file.path}` : file.path;
  const lines =
    file.binary === true
      ? ' (binary)'
      : file.linesAdded !== undefined
        ? ` (+${file.linesAdded} -${file.linesRemoved ?? 0})`
        : '';
  return `  ${letter}  ${name}${lines}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    `  ${cells.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}
