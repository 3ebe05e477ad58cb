import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentDefinition, FlowDefinition } from '../engine';
import {
  assertProjectRoot,
  createAgent,
  createProject,
  findProjectRoot,
  listAgents,
  loadProjectConfig,
  loadRunner,
  ProjectError,
} from '.';
import {
  makeTempDir,
  removeDir,
  runnerSource,
  SAMPLE_PROJECT,
  writeProject,
} from '../../../test-support/projects';

let dir: string;
let project: string;

const okRunner = runnerSource('good', "const flow = flowDef().callback('one', () => 1);");

beforeAll(async () => {
  dir = await makeTempDir('dad-project');
  project = await writeProject(join(dir, 'proj'), {
    'src/runners/good.ts': okRunner,
    'src/runners/broken_syntax.ts': [
      "import { defineRunner, flowDef } from 'dad-run-inspector/engine';",
      '',
      'const flow = flowDef()',
      "  .callback('one', () => 1;",
      "export const runner = defineRunner({ definition: flow, rootComponentId: 'broken_syntax' });",
      '',
    ].join('\n'),
    'src/runners/throws.ts': [
      "import { defineRunner, flowDef } from 'dad-run-inspector/engine';",
      "import { settings } from '../agents/throws/settings';",
      '',
      "export const runner = defineRunner({ definition: flowDef(), rootComponentId: 'throws', description: settings });",
      '',
    ].join('\n'),
    'src/agents/throws/settings.ts': [
      'interface Settings {',
      '  name: string;',
      '}',
      'function readSettings(): Settings {',
      "  throw new Error('settings are not ready');",
      '}',
      'export const settings = readSettings().name;',
      '',
    ].join('\n'),
    'src/runners/missing_import.ts': [
      "import { defineRunner } from 'dad-run-inspector/engine';",
      "import { flow } from '../agents/nowhere/flow';",
      "export const runner = defineRunner({ definition: flow, rootComponentId: 'missing_import' });",
      '',
    ].join('\n'),
    'src/runners/no_runner.ts': "export const agent = 1;\nexport const other = 'x';\n",
    'src/runners/fake_runner.ts':
      "export const runner = { definition: {}, rootComponentId: 'fake_runner' };\n",
    'src/runners/not-an-id.ts': okRunner,
  });
});

afterAll(() => removeDir(dir));

describe('finding a project', () => {
  it('walks up from a subfolder to the folder holding .dhenara/', async () => {
    const deep = join(project, 'src', 'agents', 'x');
    await mkdir(deep, { recursive: true });
    expect(findProjectRoot(deep)).toBe(project);
  });

  it('says how to make a project when no folder above has .dhenara/', () => {
    const error = catchError(() => findProjectRoot(dir));
    expect(error).toBeInstanceOf(ProjectError);
    expect(error.message).toMatch(/^no DAD project here: .* has a \.dhenara\/ folder/);
    expect(error.message).toContain('dad startproject <name>');
    expect(error.message).toContain('--project-root');
  });

  it('takes an explicit root only when it is a project itself', () => {
    expect(assertProjectRoot(project)).toBe(project);
    expect(() => assertProjectRoot(join(project, 'src'))).toThrow(
      /no DAD project at .*src: it has no \.dhenara\/ folder/,
    );
    expect(() => assertProjectRoot(join(dir, 'nope'))).toThrow(/there is no such folder/);
  });
});

describe('project config', () => {
  it("reads the sample project's config", async () => {
    const config = await loadProjectConfig(SAMPLE_PROJECT);
    expect(config.project).toMatchObject({
      name: 'Sample project',
      identifier: 'sample_project',
      version: '0.1.0',
    });
  });

  it('names the file and the field that is wrong', async () => {
    const root = await writeProject(
      join(dir, 'bad-config'),
      {},
      'project:\n  name: X\n  identifier: "has space"\n',
    );
    await expect(loadProjectConfig(root)).rejects.toThrow(
      `${join(root, '.dhenara', 'config.yaml')}: field project.identifier: use letters, digits, _ and -`,
    );
    await writeFile(join(root, '.dhenara', 'config.yaml'), 'project:\n  identifier: x\n');
    await expect(loadProjectConfig(root)).rejects.toThrow(
      /config\.yaml: field project\.name is missing \(expected string\)/,
    );
    await writeFile(
      join(root, '.dhenara', 'config.yaml'),
      'project:\n  name: X\n  identifier: x\nruns:\n  memory_limit_mb: 4\n',
    );
    await expect(loadProjectConfig(root)).rejects.toThrow(/config\.yaml: field runs\.memory_limit_mb: /);
  });

  it('names the line of a YAML syntax error', async () => {
    const root = await writeProject(
      join(dir, 'bad-yaml'),
      {},
      'project:\n  name: [unclosed\n  identifier: x\n',
    );
    await expect(loadProjectConfig(root)).rejects.toThrow(/config\.yaml:\d+ is not valid YAML/);
  });
});

describe('agents', () => {
  it('lists agents by their runner files, with descriptions read without running them', async () => {
    const agents = await listAgents(project);
    expect(agents.map((agent) => agent.id)).toEqual([
      'broken_syntax',
      'fake_runner',
      'good',
      'missing_import',
      'no_runner',
      'throws',
    ]);
    expect(agents.find((agent) => agent.id === 'good')?.description).toBe('test agent good');
    expect(agents.find((agent) => agent.id === 'no_runner')?.description).toBeNull();
    const sample = await listAgents(SAMPLE_PROJECT);
    expect(sample.map((agent) => agent.id)).toEqual(['article_writer', 'folder_report']);
    expect(sample[0]?.description).toMatch(/article/);
  });

  it('loads a runner whose definition is an instance of the engine this code runs with', async () => {
    const spec = await loadRunner(project, 'good');
    expect(spec.rootComponentId).toBe('good');
    expect(spec.definition).toBeInstanceOf(FlowDefinition);
    const sample = await loadRunner(SAMPLE_PROJECT, 'article_writer');
    expect(sample.definition).toBeInstanceOf(AgentDefinition);
  });

  it('loads several agents at once (the app describes every agent of a project together)', async () => {
    const specs = await Promise.all(
      ['article_writer', 'folder_report', 'article_writer'].map((id) => loadRunner(SAMPLE_PROJECT, id)),
    );
    expect(specs.map((spec) => spec.rootComponentId)).toEqual([
      'article_writer',
      'folder_report',
      'article_writer',
    ]);
  });

  it('refuses an agent id that is not an id before building any path', async () => {
    for (const id of ['../good', 'not-an-id', 'a/b', '']) {
      await expect(loadRunner(project, id)).rejects.toThrow(/is not valid: use letters, digits and _ only/);
    }
  });

  it('names the agents that exist when the id is unknown', async () => {
    const error = await rejection(loadRunner(project, 'nope'));
    expect(error.message).toContain('no agent "nope"');
    expect(error.message).toContain(
      'Agents here: broken_syntax, fake_runner, good, missing_import, no_runner, throws',
    );
    expect(error.message).toContain('dad agent create nope');
  });

  it('names the file, line and column of a syntax error, with the line shown', async () => {
    const error = await rejection(loadRunner(project, 'broken_syntax'));
    expect(error.code).toBe('agent_load_failed');
    expect(error.message).toMatch(
      /^cannot load agent "broken_syntax": syntax error at src\/runners\/broken_syntax\.ts:4:\d+: /,
    );
    expect(error.message).toContain("  4 |   .callback('one', () => 1;");
    expect(error.location).toMatchObject({ file: join(project, 'src/runners/broken_syntax.ts'), line: 4 });
  });

  it('names the file and line where an imported agent file throws', async () => {
    const error = await rejection(loadRunner(project, 'throws'));
    expect(error.message).toMatch(
      /^cannot load agent "throws": src\/agents\/throws\/settings\.ts:5:\d+ threw while the file was imported: Error: settings are not ready/,
    );
    expect(error.message).toContain("5 |   throw new Error('settings are not ready');");
    expect(error.location?.line).toBe(5);
  });

  it('names the import that cannot be found and its line', async () => {
    const error = await rejection(loadRunner(project, 'missing_import'));
    expect(error.message).toBe(
      'cannot load agent "missing_import": src/runners/missing_import.ts:2 imports \'../agents/nowhere/flow\', which cannot be found',
    );
  });

  it('says what to export when `runner` is missing or not made by defineRunner', async () => {
    await expect(loadRunner(project, 'no_runner')).rejects.toThrow(
      'src/runners/no_runner.ts does not export `runner` (it exports agent, other): add `export const runner = defineRunner(',
    );
    await expect(loadRunner(project, 'fake_runner')).rejects.toThrow(
      "`runner` exported by src/runners/fake_runner.ts was not made by defineRunner(...) from 'dad-run-inspector/engine'",
    );
  });

  it('picks up an edited agent file on the next load', async () => {
    const root = await writeProject(join(dir, 'edits'), {
      'src/runners/edited.ts': runnerSource('edited', "const flow = flowDef().callback('one', () => 1);"),
    });
    expect((await loadRunner(root, 'edited')).description).toBe('test agent edited');
    await writeFile(
      join(root, 'src/runners/edited.ts'),
      runnerSource('edited', "const flow = flowDef().callback('two', () => 2);").replace(
        'test agent',
        'changed agent',
      ),
    );
    const reloaded = await loadRunner(root, 'edited');
    expect(reloaded.description).toBe('changed agent edited');
    expect(reloaded.definition.elements.map((element) => element.id)).toEqual(['two']);
  });
});

describe('new projects and agents', () => {
  it('makes a project whose .gitignore keeps secrets and runs out of git, and adds an agent that loads', async () => {
    const made = await createProject(dir, 'My Blog');
    expect(made.root).toBe(join(dir, 'my_blog'));
    expect((await loadProjectConfig(made.root)).project).toMatchObject({
      name: 'My Blog',
      identifier: 'my_blog',
    });
    const gitignore = await readFile(join(made.root, '.gitignore'), 'utf8');
    expect(gitignore.split('\n')).toEqual(expect.arrayContaining(['runs/', '.dhenara/.secrets/']));
    expect(existsSync(join(made.root, 'README.md'))).toBe(true);
    expect(existsSync(join(made.root, 'src', 'agents'))).toBe(true);
    expect(existsSync(join(made.root, 'src', 'runners'))).toBe(true);

    const agent = await createAgent(made.root, 'first-agent');
    expect(agent.agentId).toBe('first_agent');
    const spec = await loadRunner(made.root, 'first_agent');
    expect(spec.rootComponentId).toBe('first_agent');
    expect(spec.definition).toBeInstanceOf(AgentDefinition);
    await expect(createAgent(made.root, 'first_agent')).rejects.toThrow(/agent "first_agent" already exists/);
    await expect(createAgent(made.root, 'bad/name')).rejects.toThrow(/is not valid/);
  });

  it('refuses to make a project in a folder that has files', async () => {
    await createProject(dir, 'taken');
    await expect(createProject(dir, 'taken')).rejects.toThrow(/already exists and is not empty/);
    await expect(createProject(dir, '!!!')).rejects.toThrow(/cannot make a project name from "!!!"/);
  });
});

function catchError(fn: () => unknown): ProjectError {
  try {
    fn();
  } catch (error) {
    return error as ProjectError;
  }
  throw new Error('expected an error');
}

async function rejection(promise: Promise<unknown>): Promise<ProjectError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectError);
    return error as ProjectError;
  }
  throw new Error('expected a rejection');
}
