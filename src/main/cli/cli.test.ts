import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../../../test-support/projects';
import { captureIo } from './capture-io';
import { main } from './main';
import { lineAndColumn, readStaticInputsFile } from './static-inputs-file';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('dad-cli');
});
afterAll(() => removeDir(dir));

async function dad(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('dad help', () => {
  it('lists the commands', async () => {
    const { code, stdout } = await dad('--help');
    expect(code).toBe(0);
    for (const name of ['startproject', 'agent create', 'agent run', 'runs list', 'runs show']) {
      expect(stdout).toMatch(new RegExp(`\\n  ${name} +\\S`));
    }
    expect((await dad()).stdout).toBe(stdout);
    expect((await dad('agent')).stdout).toContain('Usage: dad agent <command>');
  });

  it('gives each command its own --help with every option', async () => {
    const run = await dad('agent', 'run', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: dad agent run <agent_id> \[options\]\n/);
    for (const option of [
      '--project-root PATH',
      '--previous-run-id ID',
      '--start-hierarchy-path PATH',
      '--run-id-prefix X',
      '--static-inputs FILE',
      '--stream',
      '-h, --help',
    ]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toContain('Exit status: 0 when the run completed');
    for (const command of [
      ['startproject'],
      ['agent', 'create'],
      ['agent', 'list'],
      ['runs', 'list'],
      ['runs', 'show'],
    ]) {
      const help = await dad(...command, '-h');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: dad ${command.join(' ')}`);
    }
  });
});

describe('usage errors exit 2 and say what to do', () => {
  it.each([
    [
      ['agent', 'run', 'x', '--colour'],
      'dad: unknown option --colour for `dad agent run`; run `dad agent run --help` for how to use it',
    ],
    [
      ['agent', 'run', 'x', '--static-inputs'],
      'dad: option --static-inputs needs a value (--static-inputs FILE); run `dad agent run --help`',
    ],
    [['agent', 'run'], 'dad: `dad agent run` needs <agent_id> (the agent to run: src/runners/<agent_id>.ts)'],
    [['runs', 'show', 'a', 'b'], 'dad: `dad runs show` takes only <run_id>, not "b"'],
    [['runs', 'list', '--json=yes'], 'dad: option --json takes no value'],
    [['deploy'], 'dad: unknown command "deploy"; run `dad --help` to see the commands'],
    [
      ['agent', 'delete'],
      'dad: `dad agent` has no command "delete"; run `dad agent --help` to see its commands',
    ],
    [
      ['agent', 'run', 'x', '--start-hierarchy-path', 'plan'],
      'dad: --start-hierarchy-path needs --previous-run-id',
    ],
    [
      ['agent', 'run', 'x', '--run-id-prefix', 'a-b'],
      'dad: --run-id-prefix "a-b" may hold only letters, digits and _',
    ],
  ])('%j', async (argv, message) => {
    const { code, stderr, stdout } = await dad(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(message)).toBe(true);
  });
});

describe('--static-inputs files', () => {
  it('finds line and column of an offset', () => {
    expect(lineAndColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('', 0)).toEqual({ line: 1, column: 1 });
  });

  it('names the file and where the JSON breaks; a cut-off file breaks at its end', async () => {
    const cut = join(dir, 'cut.json');
    await writeFile(cut, '{\n  "a": {\n');
    await expect(readStaticInputsFile(cut)).rejects.toThrow(
      `--static-inputs ${cut} is not valid JSON at line 3, column 1:`,
    );
    const list = join(dir, 'list.json');
    await writeFile(list, '[1]');
    await expect(readStaticInputsFile(list)).rejects.toThrow('must hold a JSON object keyed by node id');
    const good = join(dir, 'good.json');
    await writeFile(good, '{"outline": {"prompt_variables": {"topic": "tea"}}}');
    expect(await readStaticInputsFile(good)).toEqual({ outline: { prompt_variables: { topic: 'tea' } } });
  });
});
