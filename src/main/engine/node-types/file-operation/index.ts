import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { NodeOutput, NodeRunContext, NodeTypeHandler } from '../types';
import { stageDirectory } from './git-stage';
import { runFileOperation, type FileOperationResult } from './operations';
import { isInside, PathGuard } from './path-guard';
import {
  fileOperationInputSchema,
  fileOperationSettingsSchema,
  type FileOperationInput,
  type FileOperationSettings,
} from './settings';

export {
  fileOperationInputSchema,
  fileOperationSchema,
  fileOperationSettingsSchema,
  type FileOperation,
  type FileOperationInput,
  type FileOperationSettings,
} from './settings';
export type { FileOperationResult } from './operations';

export interface FileOperationNodeData {
  base_directory: string;
  success: boolean;
  errors: string[];
  operations_count: number;
  successful_operations: number;
  failed_operations: number;
  /** Only when the settings ask for a commit; null when nothing changed. */
  commit?: { sha: string } | null;
  /** Only when the settings ask for staging without a commit. */
  staged?: boolean;
}

export interface FileOperationNodeOutcome {
  base_directory: string;
  results: FileOperationResult[];
}

/** Refuses to commit unless the base directory lies in the run's outcome work tree. */
async function checkCommitTarget(context: NodeRunContext, baseDirectory: string): Promise<void> {
  if (context.outcomeRepoDir === null) {
    throw new Error(
      `file_operation node "${context.nodeId}": commit is set but this run has no outcome repository`,
    );
  }
  const outcomeDir = await realpath(context.outcomeRepoDir);
  if (!isInside(outcomeDir, baseDirectory)) {
    throw new Error(
      `file_operation node "${context.nodeId}": commit is set but base_directory ${baseDirectory} ` +
        `is not inside the outcome work tree ${context.outcomeRepoDir}`,
    );
  }
}

function describeFailure(result: FileOperationResult): string {
  return `${result.type} "${result.path}": ${result.error}`;
}

async function executeFileOperations(
  context: NodeRunContext,
  settings: FileOperationSettings,
  input: FileOperationInput | undefined,
): Promise<NodeOutput> {
  const operations = input?.operations ?? settings.operations ?? [];
  const guard = await PathGuard.create(
    path.resolve(context.projectRoot, settings.base_directory),
    settings.allowed_directories ?? ['.'],
  );
  const baseDirectory = guard.baseDirectory;
  if (settings.commit) await checkCommitTarget(context, baseDirectory);

  const results: FileOperationResult[] = [];
  for (const operation of operations) {
    if (context.signal.aborted) throw new Error('cancelled');
    const result = await runFileOperation(guard, operation);
    results.push(result);
    context.log(
      result.success ? 'info' : 'warn',
      result.success ? `${result.type} "${result.path}"` : describeFailure(result),
      {
        type: result.type,
        path: result.path,
        success: result.success,
      },
    );
  }

  const failed = results.filter((result) => !result.success);
  const errors = failed.map(describeFailure);
  const data: FileOperationNodeData = {
    base_directory: baseDirectory,
    success: failed.length === 0,
    errors,
    operations_count: results.length,
    successful_operations: results.length - failed.length,
    failed_operations: failed.length,
  };

  if (settings.commit) {
    data.commit = await context.commitOutcome(
      settings.commit_message ?? `${context.nodeId}: ${results.length} file operations`,
    );
  } else if (settings.stage) {
    try {
      await stageDirectory(baseDirectory);
      data.staged = true;
    } catch (error) {
      data.staged = false;
      errors.push((error as Error).message);
      data.success = false;
    }
  }

  const outcome: FileOperationNodeOutcome = { base_directory: baseDirectory, results };
  const output: NodeOutput = { data, outcome };
  const [firstError] = errors;
  if (firstError !== undefined) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    output.failure = { message: `file operation failed: ${firstError}${more}`, errors };
  }
  return output;
}

export const fileOperationNode: NodeTypeHandler<FileOperationSettings, FileOperationInput> = {
  nodeType: 'file_operation',
  settingsSchema: fileOperationSettingsSchema,
  inputSchema: fileOperationInputSchema,
  execute: executeFileOperations,
};
