import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { runDad } from '../../../test-support/cli/dad-process';

/** Bad input that stops a run before it starts: each says what was wrong and where, and exits 1. */

let dir: string;
let project: string;

beforeAll(async () => {
  dir = await makeTempDir('dad-bad-input');
  project = await writeProject(join(dir, 'proj'), {
    'src/runners/echo.ts': runnerSource(
      'echo',
      "const flow = flowDef().node('say', nodeDef('command', { commands: ['echo hi'] }));",
      ', enableOutcomeRepo: false',
    ),
    'src/runners/broken.ts': [
      "import { defineRunner, flowDef } from 'dad-run-inspector/engine';",
      '',
      "const flow = flowDef().callback('one', () => {",
      '  return 1 +;',
      '});',
      "export const runner = defineRunner({ definition: flow, rootComponentId: 'broken' });",
      '',
    ].join('\n'),
    'src/runners/explodes.ts': [
      "import { defineRunner } from 'dad-run-inspector/engine';",
      "import { flow } from '../agents/explodes/flow';",
      "export const runner = defineRunner({ definition: flow, rootComponentId: 'explodes' });",
      '',
    ].join('\n'),
    'src/agents/explodes/flow.ts': [
      "import { flowDef } from 'dad-run-inspector/engine';",
      'const limits: Record<string, number> = {};',
      'if (!limits.max) {',
      "  throw new RangeError('no limit configured for explodes');",
      '}',
      'export const flow = flowDef();',
      '',
    ].join('\n'),
    'bad.json': '{\n  "say": {\n    "commands": ["echo a"],\n  }\n}\n',
    'wrong-field.json': '{ "say": { "commands": "echo a" } }',
  });
});
afterAll(() => removeDir(dir));

async function runIds(): Promise<string[]> {
  return existsSync(join(project, 'runs'))
    ? (await readdir(join(project, 'runs'))).filter((n) => n !== 'outcome')
    : [];
}

describe('bad input to `dad agent run`', () => {
  it('a folder without .dhenara/ is not a project: says how to make one', async () => {
    const bare = join(dir, 'bare');
    await mkdir(bare);
    const explicit = await runDad(['agent', 'run', 'echo', '--project-root', bare]);
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toBe(
      `error: no DAD project at ${bare}: it has no .dhenara/ folder; run \`dad startproject <name>\` to make a project, ` +
        'or pass the folder that holds .dhenara/ as --project-root\n',
    );
    const found = await runDad(['agent', 'run', 'echo'], { cwd: bare });
    expect(found.code).toBe(1);
    expect(found.stderr).toContain('error: no DAD project here:');
    expect(found.stderr).toContain('dad startproject <name>');
  });

  it('an agent id that does not exist names the agents that do', async () => {
    const run = await runDad(['agent', 'run', 'nope', '--project-root', project]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: no agent "nope" in');
    expect(run.stderr).toContain('Agents here: broken, echo, explodes.');
    const escape = await runDad(['agent', 'run', '../echo', '--project-root', project]);
    expect(escape.code).toBe(1);
    expect(escape.stderr).toContain('agent id "../echo" is not valid');
  });

  it('an agent file with a syntax error: the message names the file and line and shows it', async () => {
    const run = await runDad(['agent', 'run', 'broken', '--project-root', project]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot load agent "broken": syntax error at src\/runners\/broken\.ts:4:\d+: /,
    );
    expect(run.stderr).toContain('  4 |   return 1 +;');
    expect(run.stdout).toBe('');
  });

  it('an agent file that throws on import: the message names the file, line and error', async () => {
    const run = await runDad(['agent', 'run', 'explodes', '--project-root', project]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot load agent "explodes": src\/agents\/explodes\/flow\.ts:4:\d+ threw while the file was imported: RangeError: no limit configured for explodes/,
    );
  });

  it('invalid static inputs JSON names the file, line and column, and starts no run', async () => {
    const run = await runDad(['agent', 'run', 'echo', '--static-inputs', 'bad.json'], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: --static-inputs ${join(project, 'bad.json')} is not valid JSON at line 4, column 3: Expected double-quoted property name\n`,
    );
    const missing = await runDad(['agent', 'run', 'echo', '--static-inputs', 'none.json'], { cwd: project });
    expect(missing.stderr).toBe(`error: --static-inputs ${join(project, 'none.json')}: no such file\n`);
    expect(await runIds()).toEqual([]);
  });

  it('static inputs that do not fit the node name the node and the field, and start no run', async () => {
    const wrong = await runDad(['agent', 'run', 'echo', '--static-inputs', 'wrong-field.json'], {
      cwd: project,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^error: --static-inputs .*wrong-field\.json: static input for "say", field "commands": .*expected array/,
    );
    expect(await runIds()).toEqual([]);
  });
});
