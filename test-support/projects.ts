import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test helpers: projects built in temp folders. */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_PROJECT = join(REPO_ROOT, 'resources', 'sample-project');

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A project with `.dhenara/config.yaml` and the given files (paths relative to the project). */
export async function writeProject(
  root: string,
  files: Record<string, string>,
  config = 'project:\n  name: Test project\n  identifier: test_project\n',
): Promise<string> {
  await mkdir(join(root, '.dhenara'), { recursive: true });
  await writeFile(join(root, '.dhenara', 'config.yaml'), config);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

/** A copy of the sample project, without any runs made in the original. */
export async function copySampleProject(target: string): Promise<string> {
  await cp(SAMPLE_PROJECT, target, {
    recursive: true,
    filter: (source) => !source.startsWith(join(SAMPLE_PROJECT, 'runs')),
  });
  return target;
}

/** A runner file around a one-flow definition written in `body` (which must define `flow`). */
export function runnerSource(agentId: string, body: string, runnerOptions = ''): string {
  return [
    "import { defineRunner, flowDef, nodeDef } from 'dad-run-inspector/engine';",
    '',
    body,
    '',
    `export const runner = defineRunner({ definition: flow, rootComponentId: '${agentId}', description: 'test agent ${agentId}'${runnerOptions} });`,
    '',
  ].join('\n');
}
