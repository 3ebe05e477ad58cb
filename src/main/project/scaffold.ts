import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { agentIdFromName, assertAgentId } from './agent-id';
import { AGENTS_DIR, RUNNERS_DIR, runnerFileOf } from './list-agents';
import { CONFIG_FILE, PROJECT_IDENTIFIER_PATTERN } from './project-config';
import { ProjectError } from './project-error';
import {
  agentTemplate,
  configYaml,
  PROJECT_GITIGNORE,
  projectReadme,
  runnerTemplate,
} from './scaffold-templates';

/** `My Blog!` → `my_blog`: the project's identifier and folder name. */
export function projectIdentifierFromName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 150);
}

/** Makes `<parentDir>/<identifier>/` a new, empty project. Refuses a folder that has files in it. */
export async function createProject(
  parentDir: string,
  name: string,
): Promise<{ root: string; identifier: string; files: string[] }> {
  const identifier = projectIdentifierFromName(name);
  if (!PROJECT_IDENTIFIER_PATTERN.test(identifier)) {
    throw new ProjectError(
      'invalid_config',
      `cannot make a project name from "${name}": use letters, digits, spaces, _ or -`,
    );
  }
  const root = resolve(parentDir, identifier);
  if (existsSync(root) && (await readdir(root)).length > 0) {
    throw new ProjectError(
      'already_exists',
      `${root} already exists and is not empty: choose another name, or remove the folder`,
    );
  }
  const files: [string, string][] = [
    [CONFIG_FILE, configYaml(name.trim(), identifier)],
    ['.gitignore', PROJECT_GITIGNORE],
    ['README.md', projectReadme(name.trim())],
    [join(AGENTS_DIR, '.gitkeep'), ''],
    [join(RUNNERS_DIR, '.gitkeep'), ''],
  ];
  for (const [path, content] of files) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content, { flag: 'wx' });
  }
  return { root, identifier, files: files.map(([path]) => path) };
}

/** Adds an agent that runs offline: `src/agents/<id>/agent.ts` and `src/runners/<id>.ts`. */
export async function createAgent(root: string, name: string): Promise<{ agentId: string; files: string[] }> {
  const agentId = assertAgentId(agentIdFromName(name));
  const runnerFile = runnerFileOf(root, agentId);
  const agentFile = join(root, AGENTS_DIR, agentId, 'agent.ts');
  for (const file of [runnerFile, agentFile]) {
    if (existsSync(file)) {
      throw new ProjectError(
        'already_exists',
        `agent "${agentId}" already exists (${file}): choose another name, or edit that file`,
      );
    }
  }
  await mkdir(join(root, AGENTS_DIR, agentId), { recursive: true });
  await mkdir(join(root, RUNNERS_DIR), { recursive: true });
  await writeFile(agentFile, agentTemplate(agentId), { flag: 'wx' });
  await writeFile(runnerFile, runnerTemplate(agentId), { flag: 'wx' });
  return {
    agentId,
    files: [join(AGENTS_DIR, agentId, 'agent.ts'), join(RUNNERS_DIR, `${agentId}.ts`)],
  };
}
