import { resolve } from 'node:path';
import type { RunEvent } from '../../engine/events';
import type { ComponentRunner } from '../../engine/runners/component-runner';
import { booleanOption, stringOption } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand } from '../command';
import { signalExitCode, type CliIo, type StopSignal } from '../io';
import { InputUnavailableError, NodeInputPrompter } from '../node-input-prompt';
import { PROJECT_ROOT_OPTION, projectRootFrom } from '../project-option';
import { RunProgress } from '../run-progress';
import { readStaticInputsFile } from '../static-inputs-file';

export const command: CliCommand = {
  name: 'agent run',
  summary:
    'Run an agent of the project. Prints the run id and its directory, then a line per node as it starts and ends.',
  positionals: [{ name: 'agent_id', description: 'the agent to run: src/runners/<agent_id>.ts' }],
  options: {
    'project-root': PROJECT_ROOT_OPTION,
    'previous-run-id': {
      type: 'string',
      valueName: 'ID',
      description: 're-run this earlier run (its static inputs are carried over)',
    },
    'start-hierarchy-path': {
      type: 'string',
      valueName: 'PATH',
      description:
        'with --previous-run-id: reuse the results before this element and run from it on (a dotted path, or its end: `plan`)',
    },
    'run-id-prefix': { type: 'string', valueName: 'X', description: 'start the run id with X_' },
    'static-inputs': {
      type: 'string',
      valueName: 'FILE',
      description: 'JSON inputs for nodes, by node or component id: {"<node_id>": {...}}',
    },
    stream: { type: 'boolean', description: "print the models' text as it arrives" },
  },
  details: [
    'A node that needs input asks for it here, as JSON, unless --static-inputs gives it.',
    'Ctrl-C, SIGTERM and SIGHUP cancel the run (it ends "cancelled", its files and closing commit complete); a second one exits at once.',
    'Exit status: 0 when the run completed; 1 when it failed, was cancelled or timed out, or could not start; 2 for bad usage;',
    '128 + the signal number when a signal stopped it: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.',
  ].join('\n'),
  run: runAgent,
};

async function runAgent(args: Parameters<CliCommand['run']>[0], io: CliIo): Promise<number> {
  const agentId = args.positionals[0] as string;
  const previousRunId = stringOption(args, 'previous-run-id');
  const startHierarchyPath = stringOption(args, 'start-hierarchy-path');
  const runIdPrefix = stringOption(args, 'run-id-prefix');
  const staticInputsOption = stringOption(args, 'static-inputs');
  if (startHierarchyPath !== undefined && previousRunId === undefined) {
    throw new UsageError(
      '--start-hierarchy-path needs --previous-run-id: it says where to pick up an earlier run; see `dad agent run --help`',
    );
  }
  if (runIdPrefix !== undefined && !/^[a-zA-Z0-9_]{1,100}$/.test(runIdPrefix)) {
    throw new UsageError(`--run-id-prefix "${runIdPrefix}" may hold only letters, digits and _`);
  }

  const root = projectRootFrom(stringOption(args, 'project-root'), io.cwd);
  const staticInputsFile = staticInputsOption === undefined ? undefined : resolve(io.cwd, staticInputsOption);
  const staticInputs = staticInputsFile ? await readStaticInputsFile(staticInputsFile) : undefined;

  const { loadRunner } = await import('../../project/load-runner');
  const spec = await loadRunner(root, agentId);
  const { EventBus, prepareRun, StaticInputError } = await import('../../engine');

  const progress = new RunProgress(io, { stream: booleanOption(args, 'stream') });
  const events = new EventBus((error) => io.warn(`progress display failed: ${String(error)}`));
  events.subscribe(progress.handle);
  let runner: ComponentRunner;
  try {
    ({ runner } = prepareRun(spec, {
      projectRoot: root,
      previousRunId,
      startHierarchyPath,
      runIdPrefix,
      staticInputs,
      events,
    }));
  } catch (error) {
    // The definition is checked here against the node types: say which agent file holds it.
    throw new Error(
      `agent "${agentId}" (src/runners/${agentId}.ts): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  // Heard from before set-up, so that a stop signal at any moment ends the run as cancelled.
  let stoppedBy: StopSignal | null = null;
  const stopInterrupts = io.onInterrupt((signal) => {
    if (stoppedBy === null) {
      stoppedBy = signal;
      io.warn(`cancelling the run (${signalName(signal)} again to exit at once)`);
      runner.cancel(`cancelled by the user (${signalName(signal)})`);
    } else {
      io.warn('exiting before the run has recorded its end');
      io.exitNow(signalExitCode(signal));
    }
  });

  let setup: { runId: string; runDir: string };
  try {
    setup = await runner.setupRun({ runIdPrefix });
  } catch (error) {
    stopInterrupts();
    const message =
      error instanceof StaticInputError && staticInputsFile
        ? `--static-inputs ${staticInputsFile}: ${error.message}`
        : null;
    // A signal heard during set-up decides the exit status, even when set-up then failed.
    const stopped = stoppedBy as StopSignal | null;
    if (stopped !== null) {
      io.warn(`error: ${message ?? (error instanceof Error ? error.message : String(error))}`);
      return signalExitCode(stopped);
    }
    if (message !== null) throw new Error(message);
    throw error;
  }
  io.print(`run ${setup.runId}`);
  io.print(`dir ${setup.runDir}`);

  const prompter = new NodeInputPrompter(io);
  const stopAnswering = events.subscribe((event) => {
    if (event.type === 'node_input_required') void answerInput(event, prompter, runner, io);
  });
  try {
    await runner.run();
  } catch (error) {
    // The run recorded how it ended (run_ended); an error it could not record is reported here.
    if (!progress.ended) io.warn(`error: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    stopInterrupts();
    stopAnswering();
    prompter.close();
  }
  if (progress.ended?.status === 'completed') return EXIT_OK;
  return stoppedBy !== null ? signalExitCode(stoppedBy) : EXIT_FAILED;
}

function signalName(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'Ctrl-C' : signal;
}

/** Asks until the engine accepts the input (it checks it against the node's input schema). */
async function answerInput(
  request: Extract<RunEvent, { type: 'node_input_required' }>,
  prompter: NodeInputPrompter,
  runner: ComponentRunner,
  io: CliIo,
): Promise<void> {
  let rejection: string | undefined;
  for (;;) {
    let answer: { value: unknown } | null;
    try {
      answer = await prompter.ask(request, rejection);
    } catch (error) {
      // Stdin ended (or broke): the node can never get its input, so the run stops instead of hanging.
      const message =
        error instanceof InputUnavailableError ? error.message : `cannot read stdin: ${String(error)}`;
      io.warn(`error: ${message}`);
      runner.cancel(message);
      return;
    }
    if (answer === null) return;
    try {
      runner.provideNodeInput(request.hierarchyPath, answer.value);
      return;
    } catch (error) {
      rejection = error instanceof Error ? error.message : String(error);
    }
  }
}
