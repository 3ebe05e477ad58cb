import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAgentId } from './agent-id';

export const RUNNERS_DIR = join('src', 'runners');
export const AGENTS_DIR = join('src', 'agents');

export interface AgentListing {
  id: string;
  /** Absolute path of `src/runners/<id>.ts`. */
  runnerFile: string;
  /** The `description` given to defineRunner, read from the file's text (null when not found there). */
  description: string | null;
}

export function runnerFileOf(root: string, agentId: string): string {
  return join(root, RUNNERS_DIR, `${agentId}.ts`);
}

/**
 * The project's agents: one per `src/runners/<id>.ts`. Nothing is imported, so a broken agent is
 * still listed; its description is read from the text of the file when it is a plain string literal.
 */
export async function listAgents(root: string): Promise<AgentListing[]> {
  const dir = join(root, RUNNERS_DIR);
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.(d|test|spec)\.ts$/.test(entry.name),
    )
    .map((entry) => entry.name.slice(0, -'.ts'.length))
    .filter(isAgentId)
    .sort();
  return Promise.all(
    names.map(async (id) => {
      const runnerFile = runnerFileOf(root, id);
      const text = await readFile(runnerFile, 'utf8').catch(() => '');
      return { id, runnerFile, description: descriptionIn(text) };
    }),
  );
}

/** The first `description: '...'` (or "...", or a template without `${`, not joined with +) in a runner file. */
export function descriptionIn(text: string): string | null {
  const match = /\bdescription\s*:\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1(?!\s*\+)/s.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  const body = match[2];
  if (match[1] === '`' && body.includes('${')) return null;
  return body.replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim() || null;
}
