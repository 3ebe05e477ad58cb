import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeRepositoryError } from '../errors';
import { OutcomeRepository } from './outcome-repository';
import { gitOutput, useEmptyHome } from '../../../../test-support/engine/outcome-repos';

// One repository for every query test: building it costs about twenty git calls.
let home: Awaited<ReturnType<typeof useEmptyHome>>;
let runRoot: string;
let repo: OutcomeRepository;
const commits: Record<string, string> = {};

beforeAll(async () => {
  home = await useEmptyHome();
  runRoot = await mkdtemp(join(tmpdir(), 'outcome-query-'));
  repo = await OutcomeRepository.open({ effectiveRunRoot: runRoot, projectIdentifier: 'demo' });

  const first = await repo.startRun('run_a');
  await writeFile(join(first.dir, 'gone.txt'), 'removed later\n');
  await writeFile(join(first.dir, 'shared.txt'), 'version a\n');
  await writeFile(join(first.dir, 'old name.txt'), 'a long enough text that a rename is recognised as one\n');
  commits.aWrite = (await first.commit('Write three files', { nodeId: 'writer' }))!.sha;
  commits.aEnd = (await first.finish('completed', new Date(2026, 10, 25, 21, 0, 0))).sha;

  const second = await repo.startRun('rerun_b', { fromRunId: 'run_a' });
  await rm(join(second.dir, 'gone.txt'));
  await writeFile(join(second.dir, 'shared.txt'), 'version b\n');
  await rm(join(second.dir, 'old name.txt'));
  await writeFile(
    join(second.dir, 'new name.txt'),
    'a long enough text that a rename is recognised as one\n',
  );
  await writeFile(join(second.dir, 'added.txt'), 'new\n');
  commits.bEdit = (await second.commit('Rework the files\n\nWith a body.', { nodeId: 'editor' }))!.sha;
  commits.bEnd = (await second.finish('failed', new Date(2026, 10, 25, 21, 5, 0))).sha;

  // A branch whose tree holds an entry named "..": git stores it, a checkout would escape.
  const blob = gitOutput(repo.dir, ['hash-object', '-w', '--stdin'], 'escaped\n').trim();
  const inner = gitOutput(repo.dir, ['mktree'], `100644 blob ${blob}\tpasswd\n`).trim();
  const outer = gitOutput(repo.dir, ['mktree'], `040000 tree ${inner}\t..\n`).trim();
  const hostile = gitOutput(repo.dir, ['commit-tree', outer, '-p', 'main', '-m', 'hostile']).trim();
  gitOutput(repo.dir, ['update-ref', 'refs/heads/run/run_hostile', hostile]);
});

afterAll(async () => {
  await rm(runRoot, { recursive: true, force: true });
  await home.restore();
});

describe('queries', () => {
  it('listRuns lists every run branch with its tip', async () => {
    const runs = await repo.listRuns();
    const byId = new Map(runs.map((run) => [run.runId, run]));
    expect([...byId.keys()].sort()).toEqual(['rerun_b', 'run_a', 'run_hostile']);
    expect(byId.get('run_a')).toMatchObject({ branch: 'run/run_a', head: commits.aEnd });
    expect(byId.get('rerun_b')).toMatchObject({ branch: 'run/rerun_b', head: commits.bEnd });
    expect(byId.get('run_a')!.lastCommitAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$/);
  });

  it("runHistory gives the branch's commits newest first, with node and run of each", async () => {
    const history = await repo.runHistory('rerun_b');
    expect(history.map((commit) => [commit.sha, commit.subject, commit.nodeId, commit.runId])).toEqual([
      [commits.bEnd, '[rerun_b] Run failed at 2026-11-25T21:05:00', null, 'rerun_b'],
      [commits.bEdit, 'Rework the files', 'editor', 'rerun_b'],
      [commits.aEnd, '[run_a] Run completed at 2026-11-25T21:00:00', null, 'run_a'],
      [commits.aWrite, 'Write three files', 'writer', 'run_a'],
      [expect.any(String), 'Initial commit', null, null],
    ]);
    expect(history[1].message).toBe('Rework the files\n\nWith a body.\n\nDad-Node: editor\nDad-Run: rerun_b');
    expect(history[1].parents).toEqual([commits.aEnd]);
    expect(history[4].parents).toEqual([]);
    expect(history[0].authoredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(history[0].files).toBeUndefined();
  });

  it('runHistory can add the files each commit changed, and stop after a number of commits', async () => {
    const history = await repo.runHistory('rerun_b', { withFiles: true, maxCount: 2 });
    expect(history).toHaveLength(2);
    expect(history[0].files).toEqual([]);
    expect(history[1].files).toEqual([
      { path: 'added.txt', status: 'added' },
      { path: 'gone.txt', status: 'removed' },
      { path: 'new name.txt', status: 'renamed', oldPath: 'old name.txt' },
      { path: 'shared.txt', status: 'changed' },
    ]);
    const initial = (await repo.runHistory('run_a', { withFiles: true })).at(-1)!;
    expect(initial.files).toEqual([{ path: 'README.md', status: 'added' }]);
  });

  it('changedFiles lists the files that differ between two runs', async () => {
    expect(await repo.changedFiles('run_a', 'rerun_b')).toEqual([
      { path: 'added.txt', status: 'added' },
      { path: 'gone.txt', status: 'removed' },
      { path: 'new name.txt', status: 'renamed', oldPath: 'old name.txt' },
      { path: 'shared.txt', status: 'changed' },
    ]);
    expect(await repo.changedFiles('run_a', 'run_a')).toEqual([]);
  });

  it('names the run when a queried run has no branch', async () => {
    await expect(repo.runHistory('run_nope')).rejects.toThrow(/run run_nope has no branch run\/run_nope/);
    await expect(repo.changedFiles('run_a', 'run_nope')).rejects.toThrow(/run run_nope has no branch/);
  });

  it('refuses a path git reports that would lead outside the repository', async () => {
    const error = await repo.changedFiles('run_a', 'run_hostile').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeRepositoryError);
    expect((error as Error).message).toContain('"../passwd"');
    expect((error as Error).message).toContain('leads outside the repository');
    await expect(repo.runHistory('run_hostile', { withFiles: true })).rejects.toThrow(/"\.\.\/passwd"/);
  });
});
