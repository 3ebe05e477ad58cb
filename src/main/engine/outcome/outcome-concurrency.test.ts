import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutcomeRepositoryError } from '../errors';
import { OutcomeRepository } from './outcome-repository';
import type { RunWorktree } from './run-worktree';
import { gitLines, gitOutput, useEmptyHome } from '../../../../test-support/engine/outcome-repos';

let home: Awaited<ReturnType<typeof useEmptyHome>>;
let runRoot: string;

beforeAll(async () => {
  home = await useEmptyHome();
});
afterAll(async () => {
  await home.restore();
});
beforeEach(async () => {
  runRoot = await mkdtemp(join(tmpdir(), 'outcome-conc-'));
});
afterEach(async () => {
  await rm(runRoot, { recursive: true, force: true });
});

function open(lockWaitMs?: number): Promise<OutcomeRepository> {
  return OutcomeRepository.open({ effectiveRunRoot: runRoot, projectIdentifier: 'demo', lockWaitMs });
}

async function writeAndCommitMany(run: RunWorktree, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await writeFile(join(run.dir, `${run.runId}-${index}.txt`), `${run.runId} wrote ${index}\n`);
    const committed = await run.commit(`Step ${index}`, { nodeId: `node_${index}` });
    expect(committed).not.toBeNull();
  }
}

describe('runs side by side', () => {
  it('two runs started at once, committing concurrently, keep intact and separate histories', async () => {
    const repo = await open();
    const [left, right] = await Promise.all([repo.startRun('run_left'), repo.startRun('run_right')]);
    const count = 5;
    await Promise.all([writeAndCommitMany(left, count), writeAndCommitMany(right, count)]);

    for (const [run, other] of [
      [left, right],
      [right, left],
    ] as const) {
      const subjects = gitLines(repo.dir, [
        'log',
        '--format=%s|%(trailers:key=Dad-Run,valueonly,separator=)',
        run.branch,
      ]);
      expect(subjects).toEqual([
        ...Array.from({ length: count }, (_, i) => `Step ${count - 1 - i}|${run.runId}`),
        'Initial commit|',
      ]);
      const files = gitLines(repo.dir, ['ls-tree', '-r', '--name-only', run.branch]);
      expect(files).toEqual(
        ['README.md', ...Array.from({ length: count }, (_, i) => `${run.runId}-${i}.txt`)].sort(),
      );
      const onDisk = await readdir(run.dir);
      expect(onDisk.some((name) => name.startsWith(other.runId))).toBe(false);
    }
    expect(gitOutput(repo.dir, ['fsck', '--no-dangling'])).toBe('');

    await Promise.all([left.finish('completed', new Date()), right.finish('failed', new Date())]);
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%s', 'run/run_left'])).toMatch(
      /^\[run_left\] Run completed at /,
    );
    expect(gitOutput(repo.dir, ['log', '-1', '--format=%s', 'run/run_right'])).toMatch(
      /^\[run_right\] Run failed at /,
    );
    // About fifty git processes: room for a machine busy with other work.
  }, 90_000);

  it("leaves a user's uncommitted edits in the repository folder alone", async () => {
    const repo = await open();
    await writeFile(join(repo.dir, 'README.md'), 'my own notes\n');
    await writeFile(join(repo.dir, 'scratch.txt'), 'untracked\n');
    const mainBefore = gitOutput(repo.dir, ['rev-parse', 'main']);
    const statusBefore = gitOutput(repo.dir, ['status', '--porcelain']);

    const run = await repo.startRun('run_1');
    expect(await readFile(join(run.dir, 'README.md'), 'utf8')).not.toBe('my own notes\n');
    expect(existsSync(join(run.dir, 'scratch.txt'))).toBe(false);
    await writeFile(join(run.dir, 'output.txt'), 'agent output');
    await run.commit('Output', { nodeId: 'writer' });
    await run.finish('completed', new Date());

    expect(await readFile(join(repo.dir, 'README.md'), 'utf8')).toBe('my own notes\n');
    expect(await readFile(join(repo.dir, 'scratch.txt'), 'utf8')).toBe('untracked\n');
    expect(gitOutput(repo.dir, ['status', '--porcelain'])).toBe(statusBefore);
    expect(gitOutput(repo.dir, ['rev-parse', 'main'])).toBe(mainBefore);
    expect(gitLines(repo.dir, ['ls-tree', '-r', '--name-only', 'run/run_1'])).toEqual([
      'README.md',
      'output.txt',
    ]);
  });
});

describe('locks held by other processes', () => {
  it('a held ref lock fails startRun with an error naming the lock file', async () => {
    const repo = await open(150);
    const lockFile = join(repo.dir, '.git', 'refs', 'heads', 'run', 'run_1.lock');
    await mkdir(join(repo.dir, '.git', 'refs', 'heads', 'run'), { recursive: true });
    await writeFile(lockFile, '');
    const error = await repo.startRun('run_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeRepositoryError);
    const message = (error as Error).message;
    expect(message).toContain(`the lock file ${lockFile} exists`);
    expect(message).toContain(`If no git process is running, remove ${lockFile}`);
    expect(message).toContain('git worktree add');
  });

  it('a held index lock fails finish, keeps the worktree and its files, and a later finish succeeds', async () => {
    const repo = await open(150);
    const run = await repo.startRun('run_1');
    await writeFile(join(run.dir, 'result.txt'), 'precious');
    const lockFile = join(repo.dir, '.git', 'worktrees', 'run_1', 'index.lock');
    await writeFile(lockFile, '');

    const error = await run.finish('completed', new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeRepositoryError);
    expect((error as Error).message).toContain(`its worktree ${run.dir} is kept`);
    expect((error as Error).message).toContain(lockFile);
    expect(await readFile(join(run.dir, 'result.txt'), 'utf8')).toBe('precious');

    await rm(lockFile);
    await run.finish('completed', new Date());
    expect(gitOutput(repo.dir, ['show', 'run/run_1:result.txt'])).toBe('precious');
    expect(existsSync(run.dir)).toBe(false);
  });

  it('waits for a lock that is released soon, then goes on', async () => {
    const repo = await open();
    const run = await repo.startRun('run_1');
    const lockFile = join(repo.dir, '.git', 'refs', 'heads', 'run', 'run_1.lock');
    await writeFile(lockFile, '');
    await writeFile(join(run.dir, 'a.txt'), 'a');
    const released = new Promise<void>((resolve) => {
      setTimeout(() => void rm(lockFile).then(resolve), 250);
    });
    const committed = await run.commit('After the lock', { nodeId: 'n' });
    await released;
    expect(committed!.sha).toBe(gitOutput(repo.dir, ['rev-parse', 'run/run_1']).trim());
  });

  it("a lock on the repository's own index does not stop runs, which never use it", async () => {
    const repo = await open(150);
    await writeFile(join(repo.dir, '.git', 'index.lock'), '');
    const run = await repo.startRun('run_1');
    await writeFile(join(run.dir, 'a.txt'), 'a');
    expect(await run.commit('Works anyway')).not.toBeNull();
    await run.finish('completed', new Date());
    expect(existsSync(join(repo.dir, '.git', 'index.lock'))).toBe(true);
  });
});
