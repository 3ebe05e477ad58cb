import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';
import { runDad } from '../../../test-support/cli/dad-process';

/** Runs that start and then fail, hang, ask for input or are stopped: how each ends. */

let dir: string;
let project: string;

beforeAll(async () => {
  dir = await makeTempDir('dad-run-failures');
  project = await writeProject(join(dir, 'proj'), {
    'src/runners/hangs.ts': runnerSource(
      'hangs',
      "const flow = flowDef().node('wait', nodeDef('command', { commands: ['sleep 30'] }));",
      ', timeoutSeconds: 1, enableOutcomeRepo: false',
    ),
    'src/runners/sleeps.ts': runnerSource(
      'sleeps',
      "const flow = flowDef().node('wait', nodeDef('command', { commands: ['sleep 30'] }));",
      ', enableOutcomeRepo: false',
    ),
    'src/runners/escapes.ts': runnerSource(
      'escapes',
      [
        "const flow = flowDef().node('write', nodeDef('file_operation', {",
        "  base_directory: 'work',",
        "  allowed_directories: ['reports'],",
        "  operations: [{ type: 'create_file', path: 'reports/../../escaped.txt', content: 'out' }],",
        '}));',
      ].join('\n'),
      ', enableOutcomeRepo: false',
    ),
    'work/reports/.keep': '',
    'src/runners/asks.ts': runnerSource(
      'asks',
      "const flow = flowDef().node('ask', nodeDef('command', { commands: ['echo default'] }, { inputRequired: true }));",
      ', enableOutcomeRepo: false',
    ),
  });
});
afterAll(() => removeDir(dir));

const runDirOf = (stdout: string) => /^dir (.+)$/m.exec(stdout)?.[1] as string;
const metadataOf = async (runDir: string) =>
  JSON.parse(await readFile(join(runDir, '.trace', 'dad_metadata.json'), 'utf8')) as Record<string, unknown>;

describe('runs that do not complete', () => {
  it('a command that hangs is stopped by the runner time limit: the run ends timeout, exit 1', async () => {
    const started = Date.now();
    const run = await runDad(['agent', 'run', 'hangs', '--project-root', project]);
    expect(run.code).toBe(1);
    // A hang guard, not a speed target: without the 1 s time limit the command sleeps 30 s.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.stdout).toMatch(/ {2}timeout {4}hangs\.wait .*error: run timed out after 1 s/);
    expect(run.stdout).toMatch(/\ntimeout in .*\nerror: .*timed out after 1 s/);
    const runDir = runDirOf(run.stdout);
    expect(await metadataOf(runDir)).toMatchObject({ status: 'timeout' });
    expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
  });

  it('a file operation aimed outside its allowed directories is refused and fails the run', async () => {
    const run = await runDad(['agent', 'run', 'escapes', '--project-root', project]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      / {2}failed {5}escapes\.write .*refused path "reports\/\.\.\/\.\.\/escaped\.txt": '\.\.' leads outside the allowed directories \(reports\)/,
    );
    const runDir = runDirOf(run.stdout);
    expect(await metadataOf(runDir)).toMatchObject({ status: 'failed' });
    expect(existsSync(join(project, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(project, 'work', 'escaped.txt'))).toBe(false);
  });

  it('Ctrl-C cancels the run, which records its end; exit 130', async () => {
    let sent = false;
    const run = await runDad(['agent', 'run', 'sleeps', '--project-root', project], {
      onStdout: (text, child) => {
        if (!sent && text.includes('started    sleeps.wait')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('cancelling the run (Ctrl-C again to exit at once)');
    expect(run.stdout).toMatch(/\ncancelled in .*\nerror: .*cancelled by the user \(Ctrl-C\)/);
    const runDir = runDirOf(run.stdout);
    expect(await metadataOf(runDir)).toMatchObject({ status: 'cancelled' });
    expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
    const list = await runDad(['runs', 'list', '--json', '--project-root', project]);
    const runs = JSON.parse(list.stdout) as { runId: string; status: string }[];
    expect(runs.find((entry) => runDir.endsWith(entry.runId))?.status).toBe('cancelled');
  });
});

describe('a node that needs input (node_input_required)', () => {
  it('asks on stdin, shows the schema, asks again after bad answers, and runs with the good one', async () => {
    const run = await runDad(['agent', 'run', 'asks', '--project-root', project], {
      // A schema mismatch, then text that is not JSON, then a good answer over two lines.
      input: '{"commands": "echo no"}\nnot json\n{"commands": [\n"echo hello from stdin"]}\n',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('node asks.ask (command) needs its input, as JSON of this schema:');
    expect(run.stderr).toContain('"commands": {');
    expect(run.stderr).toContain(
      'input rejected: static input for "asks.ask", field "commands": Invalid input: expected array, received string',
    );
    expect(run.stderr).toContain('not valid JSON:');
    expect(run.stderr).toContain('... (the JSON goes on)>');
    expect(run.stdout).toContain('  waiting    asks.ask needs its input');
    const outcome = JSON.parse(
      await readFile(join(runDirOf(run.stdout), 'asks', 'ask', 'outcome.json'), 'utf8'),
    ) as { results: { stdout: string }[] };
    expect(outcome.results[0]?.stdout).toBe('hello from stdin\n');
  });

  it('fails clearly instead of hanging when stdin has no data', async () => {
    const run = await runDad(['agent', 'run', 'asks', '--project-root', project]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: node asks.ask needs its input, but stdin ended before a complete JSON value was given (stdin is not a terminal); ' +
        'give it with --static-inputs FILE holding {"ask": {...}}',
    );
    expect(await metadataOf(runDirOf(run.stdout))).toMatchObject({ status: 'cancelled' });
  });
});
