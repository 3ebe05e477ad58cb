import { stat } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { NodeOutput, NodeRunContext, NodeTypeHandler } from '../types';
import { runProcess, type ProcessRunResult } from './run-process';
import {
  commandInputSchema,
  commandSettingsSchema,
  resolveCommandSettings,
  type CommandInput,
  type CommandSettings,
  type ResolvedCommandSettings,
} from './settings';

export {
  commandInputSchema,
  commandSettingsSchema,
  type CommandInput,
  type CommandSettings,
} from './settings';

/** One command's result, as DAD writes it. */
export interface CommandResult {
  command: string;
  /** The exit code; the negated signal number when a signal ended it; null when it never ran or timed out. */
  returncode: number | null;
  stdout: string;
  stderr: string;
  success: boolean;
  error: string | null;
}

export interface CommandNodeData {
  all_succeeded: boolean;
  results: CommandResult[];
}

export interface CommandNodeOutcome {
  all_succeeded: boolean;
  total_commands: number;
  successful_commands: number;
  failed_commands: number;
  results: CommandResult[];
}

async function resolveWorkingDir(context: NodeRunContext, workingDir: string | undefined): Promise<string> {
  const dir = workingDir === undefined ? context.runDir : path.resolve(context.projectRoot, workingDir);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new Error(`command node "${context.nodeId}": working_dir ${dir} is not an existing directory`);
  }
  return dir;
}

function returnCodeOf(run: ProcessRunResult): number | null {
  if (run.exitCode !== null) return run.exitCode;
  if (run.signalName && !run.timedOut) return -(osConstants.signals[run.signalName] ?? 0);
  return null;
}

function failureReason(
  run: ProcessRunResult,
  returncode: number | null,
  timeoutSeconds: number,
): string | null {
  if (run.spawnError !== null) return `could not start: ${run.spawnError}`;
  if (run.timedOut) return `timed out after ${timeoutSeconds} s`;
  if (run.signalName !== null) return `killed by ${run.signalName}`;
  if (returncode !== 0) return `exited with code ${returncode}`;
  return null;
}

async function runOne(
  context: NodeRunContext,
  resolved: ResolvedCommandSettings,
  command: string,
  cwd: string,
): Promise<CommandResult> {
  const run = await runProcess({
    command,
    shell: resolved.shell,
    cwd,
    env: { ...process.env, ...resolved.envVars },
    timeoutMs: resolved.timeoutSeconds * 1000,
    maxOutputBytes: resolved.maxOutputBytes,
    signal: context.signal,
  });
  const returncode = returnCodeOf(run);
  const error = failureReason(run, returncode, resolved.timeoutSeconds);
  return { command, returncode, stdout: run.stdout, stderr: run.stderr, success: error === null, error };
}

async function executeCommands(
  context: NodeRunContext,
  settings: CommandSettings,
  input: CommandInput | undefined,
): Promise<NodeOutput> {
  const resolved = resolveCommandSettings(settings, input);
  const cwd = await resolveWorkingDir(context, resolved.workingDir);
  const results: CommandResult[] = [];
  const total = resolved.commands.length;

  for (const [index, command] of resolved.commands.entries()) {
    // Only the command text and exit codes are logged: env var values may be secrets.
    context.log('info', `running command ${index + 1}/${total}: ${command}`, { command, cwd });
    const result = await runOne(context, resolved, command, cwd);
    results.push(result);
    context.log(
      result.success ? 'info' : 'warn',
      `command ${index + 1}/${total} ${result.error ?? 'succeeded'}`,
      {
        command,
        returncode: result.returncode,
      },
    );
    if (!result.success && resolved.failFast) break;
  }

  const failed = results.filter((result) => !result.success);
  const allSucceeded = failed.length === 0 && results.length === total;
  const data: CommandNodeData = { all_succeeded: allSucceeded, results };
  const outcome: CommandNodeOutcome = {
    all_succeeded: allSucceeded,
    total_commands: total,
    successful_commands: results.length - failed.length,
    failed_commands: failed.length,
    results,
  };
  const output: NodeOutput = { data, outcome };
  const [firstFailure] = failed;
  if (firstFailure) {
    const skipped = total - results.length;
    output.failure = {
      message:
        `command "${firstFailure.command}" ${firstFailure.error}` +
        (skipped > 0 ? `; ${skipped} later command(s) not run (fail_fast)` : ''),
      errors: failed.map((result) => `command "${result.command}" ${result.error}`),
    };
  }
  return output;
}

export const commandNode: NodeTypeHandler<CommandSettings, CommandInput> = {
  nodeType: 'command',
  settingsSchema: commandSettingsSchema,
  inputSchema: commandInputSchema,
  execute: executeCommands,
};
