import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverProjectRoot } from './server-project';

/** A run folder of the browser tests' server project, as the engine wrote it. */
export function serverRunDir(runId: string): string {
  return join(serverProjectRoot(), 'runs', runId);
}

/** A JSON file of a run (a path inside its folder), parsed. */
export async function readRunJson(runId: string, ...path: string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(serverRunDir(runId), ...path), 'utf8')) as Record<string, unknown>;
}

/** `.trace/dad_metadata.json` of a run: its recorded status, times and error. */
export function runMetadata(runId: string): Promise<Record<string, unknown>> {
  return readRunJson(runId, '.trace', 'dad_metadata.json');
}
