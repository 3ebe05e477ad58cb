import { join } from 'node:path';
import { booleanOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { formatCost, formatSeconds, formatTimestamp, formatTokens, table } from '../format';
import { PROJECT_ROOT_OPTION, projectRootFrom } from '../project-option';

export const command: CliCommand = {
  name: 'runs list',
  summary: "List the project's runs, the newest first.",
  positionals: [],
  options: {
    'project-root': PROJECT_ROOT_OPTION,
    json: { type: 'boolean', description: 'print JSON: one object per run' },
  },
  details:
    'A run whose files say "initialized" while no process holds it any more (killed, crashed) is shown as interrupted.',
  async run(args, io) {
    const root = projectRootFrom(stringOption(args, 'project-root'), io.cwd);
    const runRoot = join(root, 'runs');
    const { listRuns } = await import('../../project/runs/run-list');
    const runs = await listRuns(runRoot);
    if (booleanOption(args, 'json')) {
      io.print(
        JSON.stringify(
          runs.map((run) => ({ ...run, agent: run.rootComponentId })),
          null,
          2,
        ),
      );
      return EXIT_OK;
    }
    if (runs.length === 0) {
      io.print(`no runs in ${runRoot} yet; start one with \`dad agent run <agent_id>\``);
      return EXIT_OK;
    }
    const rows = runs.map((run) => [
      run.runId,
      run.rootComponentId ?? '?',
      run.status,
      formatTimestamp(run.createdAt),
      formatSeconds(run.durationSeconds),
      String(run.nodeCount ?? '-'),
      formatTokens(run.tokens),
      formatCost(run.cost),
      run.previousRunId
        ? `${run.previousRunId}${run.startHierarchyPath ? ` from ${run.startHierarchyPath}` : ''}`
        : '',
    ]);
    for (const line of table(
      ['RUN', 'AGENT', 'STATUS', 'STARTED', 'DURATION', 'NODES', 'TOKENS', 'COST', 'RE-RUN OF'],
      rows,
    ))
      io.print(line);
    // What could not be read, run by run: the rest of each run is listed all the same.
    const problems = runs.flatMap((run) => (run.problems ?? []).map((problem) => `${run.runId}: ${problem}`));
    if (problems.length > 0) {
      io.print('');
      io.print('Problems:');
      for (const problem of problems) io.print(`  ${problem}`);
    }
    return EXIT_OK;
  },
};
