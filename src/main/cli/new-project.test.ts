import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../../../test-support/projects';
import { runDad } from '../../../test-support/cli/dad-process';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('dad-new-project');
});
afterAll(() => removeDir(dir));

describe('a new project from the command line', () => {
  it('startproject, agent create, then the new agent runs offline from a subfolder', async () => {
    const made = await runDad(['startproject', 'My Blog', '--dir', dir]);
    expect(made.code).toBe(0);
    const root = join(dir, 'my_blog');
    expect(made.stdout).toContain(`made project "My Blog" (identifier my_blog) in ${root}`);
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toContain('.dhenara/.secrets/');

    const again = await runDad(['startproject', 'My Blog', '--dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists and is not empty');

    const agent = await runDad(['agent', 'create', 'first agent'], { cwd: root });
    expect(agent.code).toBe(0);
    expect(agent.stdout).toContain('added agent "first_agent"');

    const run = await runDad(['agent', 'run', 'first_agent', '--run-id-prefix', 'try'], {
      cwd: join(root, 'src'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^run try_run_\d{8}_\d{6}_[0-9a-f]{6}\ndir /);
    expect(run.stdout).toContain('  completed  first_agent.main.ask');
    expect(run.stdout).toContain('  completed  first_agent.main.count_words');
    expect(run.stdout).toMatch(/\ncompleted in .*: 2 nodes run/);

    const list = await runDad(['agent', 'list'], { cwd: root });
    expect(list.stdout).toMatch(/first_agent +Asks a model one question/);
  });

  it('exits 2 from the real executable on a usage error', async () => {
    const run = await runDad(['agent', 'run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dad: `dad agent run` needs <agent_id>/);
  });
});
