import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../shared/compare-data';
import { runRunsDiffCommand } from './runs-diff-command';
import { runAgent, writerAgent } from '../../../test-support/compare/compare-projects';

let projectRoot: string;
let original: { runId: string; runDir: string };
let rerun: { runId: string; runDir: string };

beforeAll(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'runs-diff-'));
  original = await runAgent(projectRoot, writerAgent('first'));
  rerun = await runAgent(projectRoot, writerAgent('second'), {
    previousRunId: original.runId,
    startHierarchyPath: 'say',
  });
  await mkdir(join(projectRoot, 'notes', 'deeper'), { recursive: true });
}, 60_000);

afterAll(async () => {
  await rm(projectRoot, { recursive: true, force: true });
});

async function diff(
  argv: string[],
  cwd = projectRoot,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runRunsDiffCommand(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { code, stdout, stderr };
}

describe('dad runs diff', () => {
  it('prints the summary line, the nodes that differ and the files, finding the project from a subfolder', async () => {
    const { code, stdout, stderr } = await diff(
      [original.runId, rerun.runId],
      join(projectRoot, 'notes', 'deeper'),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${original.runId} vs ${rerun.runId}: 3 of 4 nodes differ `));
    expect(lines[2]).toBe('Nodes that differ (3 of 4):');
    expect(lines[3]).toMatch(/^ {2}NODE +STATUS +DIFFERS IN +TIME +TOKENS +COST$/);
    expect(lines[4]).toMatch(
      /^ {2}writer\.main\.say +completed → completed +output, outcome, tokens, cost(, duration)? +\S+ ms → \S+ ms +11 → 13 +\$0\.01 → \$0\.015$/,
    );
    expect(lines[5]).toMatch(/^ {2}writer\.main\.edit +completed → completed +output, outcome/);
    expect(lines[6]).toMatch(
      new RegExp(`^ {2}writer\\.main\\.extra +- → completed +only in ${rerun.runId} `),
    );
    expect(stdout).toContain(
      [
        'Outcome files that differ (3):',
        '  M  a.md (+1 -1)',
        '  D  b.md (+0 -1)',
        '  A  d.md (+1 -0)',
        '',
      ].join('\n'),
    );
  });

  it('prints the whole comparison as JSON with --json', async () => {
    const { code, stdout } = await diff(
      [original.runId, rerun.runId, '--json', '--project-root', projectRoot],
      '/',
    );
    expect(code).toBe(0);
    const comparison = JSON.parse(stdout) as RunComparison;
    expect(comparison.runA.runId).toBe(original.runId);
    expect(comparison.nodes.find((node) => node.hierarchyPath === 'writer.main.write')?.reusedInB).toBe(true);
    expect(comparison.outcome.files.map((file) => [file.status, file.path])).toEqual([
      ['changed', 'a.md'],
      ['removed', 'b.md'],
      ['added', 'd.md'],
    ]);
    expect(comparison.summary).toMatch(/^\S+ vs \S+: 3 of 4 nodes differ/);
  });

  it('compares a re-run given alone with the run it continued', async () => {
    const { code, stdout } = await diff([rerun.runId, '--json']);
    expect(code).toBe(0);
    const comparison = JSON.parse(stdout) as RunComparison;
    expect([comparison.runA.runId, comparison.runB.runId]).toEqual([original.runId, rerun.runId]);
  });

  it('uses project.identifier from .dhenara/config.yaml to find the outcome repository', async () => {
    const project = await mkdtemp(join(tmpdir(), 'runs-diff-config-'));
    try {
      await mkdir(join(project, '.dhenara'));
      await writeFile(join(project, '.dhenara', 'config.yaml'), 'project:\n  identifier: somewhere_else\n');
      const a = await runAgent(project, writerAgent('first'), { projectIdentifier: null });
      const b = await runAgent(project, writerAgent('second'), {
        previousRunId: a.runId,
        startHierarchyPath: 'say',
        projectIdentifier: null,
      });
      // Another repository beside it: only the identifier can tell which one holds the runs.
      await mkdir(join(project, 'runs', 'outcome', 'other', '.git'), { recursive: true });
      const { code, stdout } = await diff([a.runId, b.runId, '--json'], project);
      expect(code).toBe(0);
      const comparison = JSON.parse(stdout) as RunComparison;
      expect(comparison.outcome).toMatchObject({
        available: true,
        repositoryDir: join(project, 'runs', 'outcome', 'somewhere_else'),
      });
      expect(comparison.outcome.files.map((file) => file.path)).toEqual(['a.md', 'b.md', 'd.md']);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('names a run that does not exist and lists some that do', async () => {
    const { code, stdout, stderr } = await diff([original.runId, 'run_20000101_000000_abcdef']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `dad runs diff: run run_20000101_000000_abcdef not found in ${join(projectRoot, 'runs')}; ` +
        `runs there: ${rerun.runId}, ${original.runId}\n`,
    );
  });

  it('refuses what is not a run id, and wrong usage, with exit code 2', async () => {
    for (const argv of [
      [original.runId, '../../etc'],
      [],
      ['a', 'b', 'c'],
      ['--nope', 'a', 'b'],
      [original.runId],
    ]) {
      const { code, stderr } = await diff(argv);
      expect(code, JSON.stringify(argv)).toBe(2);
      expect(stderr).toMatch(/^dad runs diff: /);
    }
    expect((await diff([original.runId, '../../etc'])).stderr).toContain('"../../etc" is not a run id');
    expect((await diff([original.runId])).stderr).toContain(`${original.runId} is not a re-run`);
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await diff(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: dad runs diff <run_a> <run_b> \[--project-root P\] \[--json\]/);
  });

  it('says when the project has no runs folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'runs-diff-empty-'));
    try {
      const { code, stderr } = await diff(['run_a', 'run_b', '--project-root', empty]);
      expect(code).toBe(1);
      expect(stderr).toBe(`dad runs diff: ${empty} has no runs folder (${join(empty, 'runs')})\n`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
