import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutcomeRepositoryError } from '../errors';
import { OutcomeRepository } from './outcome-repository';
import { gitLines, gitOutput, useEmptyHome } from '../../../../test-support/engine/outcome-repos';

let home: Awaited<ReturnType<typeof useEmptyHome>>;
let runRoot: string;

beforeAll(async () => {
  home = await useEmptyHome();
});
afterAll(async () => {
  // Nothing here may write the user's global git configuration.
  expect(existsSync(join(home.home, '.gitconfig'))).toBe(false);
  expect(existsSync(join(home.home, '.config', 'git'))).toBe(false);
  await home.restore();
});
beforeEach(async () => {
  runRoot = await mkdtemp(join(tmpdir(), 'outcome-repo-'));
});
afterEach(async () => {
  await rm(runRoot, { recursive: true, force: true });
});

function open(projectIdentifier = 'demo_project', lockWaitMs?: number): Promise<OutcomeRepository> {
  return OutcomeRepository.open({ effectiveRunRoot: runRoot, projectIdentifier, lockWaitMs });
}

describe('OutcomeRepository.open', () => {
  it('creates the repository with a README and an "Initial commit" on main', async () => {
    const repo = await open();
    expect(repo.dir).toBe(join(runRoot, 'outcome', 'demo_project'));
    expect(gitOutput(repo.dir, ['symbolic-ref', 'HEAD']).trim()).toBe('refs/heads/main');
    expect(gitLines(repo.dir, ['log', '--format=%s', 'main'])).toEqual(['Initial commit']);
    expect(gitLines(repo.dir, ['ls-tree', '--name-only', 'main'])).toEqual(['README.md']);
    const readme = await readFile(join(repo.dir, 'README.md'), 'utf8');
    expect(readme).toContain('agents of project demo_project');
    expect(readme).toContain('run/<run_id>');
    expect(gitOutput(repo.dir, ['status', '--porcelain'])).toBe('');
    // Nothing is left of the temporary build folder.
    expect(await readdir(join(runRoot, 'outcome'))).toEqual(['demo_project']);
  });

  it('opens an existing repository without adding commits', async () => {
    await open();
    const again = await open();
    expect(gitLines(again.dir, ['rev-list', '--all'])).toHaveLength(1);
  });

  it('creates the repository in an existing empty folder', async () => {
    await mkdir(join(runRoot, 'outcome', 'demo_project'), { recursive: true });
    const repo = await open();
    expect(gitLines(repo.dir, ['log', '--format=%s', 'main'])).toEqual(['Initial commit']);
  });

  it('opening the same missing repository twice at once creates it once', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.dir).toBe(b.dir);
    expect(gitLines(a.dir, ['rev-list', '--all'])).toHaveLength(1);
  });

  it('refuses a folder that is not a git repository, naming it', async () => {
    const dir = join(runRoot, 'outcome', 'demo_project');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeRepositoryError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain('not a git repository');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a folder that only lies inside another repository (a run root kept in a project repo)', async () => {
    gitOutput(runRoot, ['init', '--quiet']);
    const dir = join(runRoot, 'outcome', 'demo_project');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await expect(open()).rejects.toThrow(/not a git repository of its own: it lies inside the repository/);
  });

  it('refuses a repository without a main branch, naming the folder', async () => {
    const dir = join(runRoot, 'outcome', 'demo_project');
    await mkdir(dir, { recursive: true });
    gitOutput(dir, ['init', '--quiet']);
    gitOutput(dir, ['symbolic-ref', 'HEAD', 'refs/heads/trunk']);
    gitOutput(dir, ['commit', '--quiet', '--allow-empty', '-m', 'first']);
    await expect(open()).rejects.toThrow(`the git repository ${dir} has no main branch`);
  });

  it('refuses a project identifier that is not a safe folder name', async () => {
    await expect(open('../escape')).rejects.toThrow(/invalid project identifier "\.\.\/escape"/);
    expect(existsSync(join(runRoot, 'escape'))).toBe(false);
  });
});

describe('runs', () => {
  it('startRun creates the run branch from main and checks it out in its own worktree', async () => {
    const repo = await open();
    const run = await repo.startRun('run_1');
    expect(run.branch).toBe('run/run_1');
    expect(run.runId).toBe('run_1');
    expect(run.dir).toBe(join(runRoot, 'outcome', '.worktrees', 'demo_project', 'run_1'));
    expect(run.dir.startsWith(repo.dir + '/')).toBe(false);
    expect(gitOutput(repo.dir, ['rev-parse', 'run/run_1'])).toBe(gitOutput(repo.dir, ['rev-parse', 'main']));
    expect(gitOutput(run.dir, ['symbolic-ref', 'HEAD']).trim()).toBe('refs/heads/run/run_1');
    expect(await readFile(join(run.dir, 'README.md'), 'utf8')).toContain('demo_project');
    expect(gitOutput(repo.dir, ['worktree', 'list', '--porcelain'])).toContain(`worktree ${run.dir}\n`);
    // The repository's own checkout stays on main.
    expect(gitOutput(repo.dir, ['symbolic-ref', 'HEAD']).trim()).toBe('refs/heads/main');
  });

  it('commit stages everything and records the node and run as trailers', async () => {
    const repo = await open();
    const run = await repo.startRun('run_1');
    await mkdir(join(run.dir, 'docs'));
    await writeFile(join(run.dir, 'docs', 'summary.md'), '# Summary\n');
    const committed = await run.commit('Write the summary', { nodeId: 'summarize' });
    expect(committed).not.toBeNull();
    expect(committed!.sha).toBe(gitOutput(repo.dir, ['rev-parse', 'run/run_1']).trim());
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%B', 'run/run_1'])).toBe(
      'Write the summary\n\nDad-Node: summarize\nDad-Run: run_1\n\n',
    );
    expect(
      gitOutput(repo.dir, ['log', '-1', '--format=%(trailers:key=Dad-Node,valueonly)', 'run/run_1']).trim(),
    ).toBe('summarize');
    expect(gitLines(repo.dir, ['ls-tree', '-r', '--name-only', 'run/run_1'])).toEqual([
      'README.md',
      'docs/summary.md',
    ]);
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%an <%ae>|%cn <%ce>', 'run/run_1']).trim()).toBe(
      'DAD Run Engine <run-engine@dad.localhost>|DAD Run Engine <run-engine@dad.localhost>',
    );

    await rm(join(run.dir, 'docs', 'summary.md'));
    await writeFile(join(run.dir, 'plan.txt'), 'plan');
    const second = await run.commit('Replace the summary with a plan');
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%B', second!.sha])).toBe(
      'Replace the summary with a plan\n\nDad-Run: run_1\n\n',
    );
    expect(gitLines(repo.dir, ['ls-tree', '-r', '--name-only', 'run/run_1'])).toEqual([
      'README.md',
      'plan.txt',
    ]);
  });

  it('commit returns null when nothing changed, and keeps option-like messages as text', async () => {
    const repo = await open();
    const run = await repo.startRun('run_1');
    expect(await run.commit('Nothing to see')).toBeNull();
    expect(gitLines(repo.dir, ['rev-list', 'run/run_1'])).toHaveLength(1);
    await writeFile(join(run.dir, 'a.txt'), 'a');
    const committed = await run.commit('--upload-pack=touch /tmp/x\n# not a comment');
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%B', committed!.sha])).toBe(
      '--upload-pack=touch /tmp/x\n# not a comment\n\nDad-Run: run_1\n\n',
    );
    await expect(run.commit('bad node', { nodeId: 'a\nDad-Run: other' })).rejects.toThrow(
      /cannot name a commit/,
    );
    await expect(run.commit('  ')).rejects.toThrow(/must not be empty/);
  });

  it('finish commits "[<run_id>] Run <status> at <ISO seconds>", removes the worktree and keeps the branch', async () => {
    const repo = await open();
    const run = await repo.startRun('run_20261125_210405_a1b2c3');
    await writeFile(join(run.dir, 'result.txt'), 'done');
    const at = new Date(2026, 10, 25, 21, 4, 5, 987);
    const { sha } = await run.finish('completed', at);
    const branch = 'run/run_20261125_210405_a1b2c3';
    expect(gitOutput(repo.dir, ['rev-parse', branch]).trim()).toBe(sha);
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%B', branch])).toBe(
      '[run_20261125_210405_a1b2c3] Run completed at 2026-11-25T21:04:05\n\n',
    );
    expect(gitLines(repo.dir, ['ls-tree', '-r', '--name-only', branch])).toEqual(['README.md', 'result.txt']);
    expect(existsSync(run.dir)).toBe(false);
    expect(gitOutput(repo.dir, ['worktree', 'list', '--porcelain'])).not.toContain(run.dir);
    await expect(run.commit('late')).rejects.toThrow(/is finished/);
  });

  it('finish makes a completion commit even when nothing changed', async () => {
    const repo = await open();
    const run = await repo.startRun('run_1');
    const mainTip = gitOutput(repo.dir, ['rev-parse', 'main']).trim();
    const { sha } = await run.finish('failed', new Date(2026, 0, 2, 3, 4, 5));
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%P|%s', sha]).trim()).toBe(
      `${mainTip}|[run_1] Run failed at 2026-01-02T03:04:05`,
    );
  });

  it("a continuation starts from the previous run's last commit and sees its files", async () => {
    const repo = await open();
    const first = await repo.startRun('run_a');
    await writeFile(join(first.dir, 'draft.md'), 'draft by run_a');
    await first.commit('Draft', { nodeId: 'draft' });
    const { sha: firstEnd } = await first.finish('completed', new Date());

    const second = await repo.startRun('rerun_b', { fromRunId: 'run_a' });
    expect(gitOutput(repo.dir, ['rev-parse', 'run/rerun_b']).trim()).toBe(firstEnd);
    expect(await readFile(join(second.dir, 'draft.md'), 'utf8')).toBe('draft by run_a');
    await writeFile(join(second.dir, 'draft.md'), 'draft revised by rerun_b');
    await second.finish('completed', new Date());
    expect(gitOutput(repo.dir, ['show', 'run/run_a:draft.md'])).toBe('draft by run_a');
    expect(gitOutput(repo.dir, ['show', 'run/rerun_b:draft.md'])).toBe('draft revised by rerun_b');
  });

  it('a continuation of a run without a branch fails, naming that run', async () => {
    const repo = await open();
    await expect(repo.startRun('rerun_b', { fromRunId: 'run_missing' })).rejects.toThrow(
      /cannot continue run run_missing: .* has no branch run\/run_missing/,
    );
    expect(gitLines(repo.dir, ['branch', '--list', 'run/*'])).toEqual([]);
  });

  it('refuses to start a run id twice, and a leftover worktree folder, with clear errors', async () => {
    const repo = await open();
    await repo.startRun('run_1');
    const reopened = await open();
    await expect(reopened.startRun('run_1')).rejects.toThrow(/run run_1 already has the branch run\/run_1/);

    const leftover = reopened.worktreeDirOf('run_2');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, 'half-written.txt'), 'x');
    const error = await reopened.startRun('run_2').catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      `the worktree folder ${leftover} for run run_2 already exists`,
    );
    expect(existsSync(join(leftover, 'half-written.txt'))).toBe(true);
    await expect(repo.startRun('../run_3')).rejects.toThrow(/invalid run id/);
  });

  it('prunes the registration of a crashed run whose folder was deleted', async () => {
    const repo = await open();
    const crashed = await repo.startRun('run_crashed');
    await rm(crashed.dir, { recursive: true, force: true });
    await repo.startRun('run_next');
    const worktrees = gitOutput(repo.dir, ['worktree', 'list', '--porcelain']);
    expect(worktrees).not.toContain(crashed.dir);
    expect(worktrees).toContain('run_next');
    // The crashed run's branch and commits stay.
    expect(gitLines(repo.dir, ['branch', '--list', 'run/run_crashed'])).toHaveLength(1);
  });
});
