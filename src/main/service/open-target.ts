import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EngineError } from '../engine/errors';
import { hasEntry } from './open-project';

/**
 * What a path the user asked to open is: a folder to open as a project (a DAD project or a folder
 * of runs), one run's folder (opened within the folder that holds it), or a trace file to import.
 */
export type OpenTarget =
  | { kind: 'folder'; root: string }
  | { kind: 'run'; root: string; runId: string }
  | { kind: 'trace-file'; file: string };

/** Names a trace export may have: JSON, JSON lines, text, gzip. */
const TRACE_FILE_NAME = /\.(jsonl?|ndjson|txt|gz)$/i;

export async function classifyOpenPath(path: string): Promise<OpenTarget> {
  const target = resolve(path);
  const info = await stat(target).catch(() => null);
  if (!info) throw new EngineError('run_setup_failed', `${target} does not exist`);
  if (info.isFile()) {
    // Only files named as trace exports are read (their content then decides): any other file
    // the window names stays unread.
    if (!TRACE_FILE_NAME.test(target)) {
      throw new EngineError(
        'run_setup_failed',
        `${target} is a file: open a folder, or a trace export (OTLP, Jaeger or Zipkin JSON: .json, .jsonl, .ndjson, .txt, or any of them gzipped)`,
      );
    }
    return { kind: 'trace-file', file: target };
  }
  if (!info.isDirectory())
    throw new EngineError('run_setup_failed', `${target} is neither a folder nor a file`);
  if (!isRunFolder(target)) return { kind: 'folder', root: target };
  const runsFolder = dirname(target);
  // A run inside a DAD project's runs/ opens with its project, so its agents can run again.
  const project = dirname(runsFolder);
  const root =
    basename(runsFolder) === 'runs' && existsSync(join(project, '.dhenara')) ? project : runsFolder;
  return { kind: 'run', root, runId: basename(target) };
}

/** A folder with a `.trace` entry (a linked one too: the run then shows it refused, not followed). */
function isRunFolder(dir: string): boolean {
  return (
    hasEntry(join(dir, '.trace')) && !existsSync(join(dir, '.dhenara')) && !existsSync(join(dir, 'runs'))
  );
}
