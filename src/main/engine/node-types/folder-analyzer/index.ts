import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NodeOutput, NodeRunContext, NodeTypeHandler } from '../types';
import {
  folderAnalyzerInputSchema,
  folderAnalyzerSettingsSchema,
  resolveWalkOptions,
  type FolderAnalyzerInput,
  type FolderAnalyzerSettings,
} from './settings';
import { walkFolder, type TreeEntry, type WalkTotals } from './walk';

export {
  folderAnalyzerInputSchema,
  folderAnalyzerSettingsSchema,
  type FolderAnalyzerInput,
  type FolderAnalyzerSettings,
} from './settings';
export type { DirectoryEntry, FileEntry, TreeEntry } from './walk';

export interface FolderAnalyzerNodeData extends WalkTotals {
  path: string;
}

export interface FolderAnalyzerNodeOutcome {
  base_directory: string;
  results: TreeEntry[];
}

async function resolveFolder(context: NodeRunContext, requested: string): Promise<string> {
  const folder = path.resolve(context.projectRoot, requested);
  const real = await realpath(folder).catch(() => null);
  if (real === null || !(await stat(real)).isDirectory()) {
    throw new Error(`folder_analyzer node "${context.nodeId}": path ${folder} is not an existing directory`);
  }
  return real;
}

async function analyzeFolder(
  context: NodeRunContext,
  settings: FolderAnalyzerSettings,
  input: FolderAnalyzerInput | undefined,
): Promise<NodeOutput> {
  if (context.signal.aborted) throw new Error('cancelled');
  const folder = await resolveFolder(context, input?.path ?? settings.path);
  const { entries, totals } = await walkFolder(folder, resolveWalkOptions(settings, input, context.signal));
  context.log(
    'info',
    `analysed ${folder}: ${totals.total_files} files, ${totals.total_directories} directories`,
    {
      path: folder,
      total_files: totals.total_files,
      total_directories: totals.total_directories,
    },
  );
  const data: FolderAnalyzerNodeData = { path: folder, ...totals };
  const outcome: FolderAnalyzerNodeOutcome = { base_directory: folder, results: entries };
  return { data, outcome };
}

export const folderAnalyzerNode: NodeTypeHandler<FolderAnalyzerSettings, FolderAnalyzerInput> = {
  nodeType: 'folder_analyzer',
  settingsSchema: folderAnalyzerSettingsSchema,
  inputSchema: folderAnalyzerInputSchema,
  execute: analyzeFolder,
};
