import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeRepositoryError } from '../errors';
import { OutcomeRepository } from './outcome-repository';
import { gitOutput, useEmptyHome } from '../../../../test-support/engine/outcome-repos';

let home: Awaited<ReturnType<typeof useEmptyHome>>;
let runRoot: string;
let repo: OutcomeRepository;
const commits: Record<string, string> = {};
const MB = 1024 * 1024;

beforeAll(async () => {
  home = await useEmptyHome();
  runRoot = await mkdtemp(join(tmpdir(), 'outcome-history-'));
  repo = await OutcomeRepository.open({ effectiveRunRoot: runRoot, projectIdentifier: 'demo' });

  const first = await repo.startRun('run_a');
  await writeFile(join(first.dir, 'notes.txt'), 'one\ntwo\nthree\n');
  await writeFile(join(first.dir, 'picture.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02, 0x00]));
  await writeFile(join(first.dir, 'old name.txt'), 'a text long enough for git to see a rename in it\n');
  commits.aWrite = (await first.commit('Write notes', { nodeId: 'writer' }))!.sha;
  commits.aEnd = (await first.finish('completed', new Date(2026, 10, 25, 21, 0, 0))).sha;

  const second = await repo.startRun('rerun_b', { fromRunId: 'run_a' });
  await writeFile(join(second.dir, 'notes.txt'), 'one\n2\nthree\nfour\n');
  await writeFile(join(second.dir, 'picture.bin'), Buffer.from([0x89, 0x50, 0x00, 0x07]));
  await rm(join(second.dir, 'old name.txt'));
  await writeFile(join(second.dir, 'new name.txt'), 'a text long enough for git to see a rename in it\n');
  // A 50 MB file: whatever asks for it must answer without reading it whole.
  await writeFile(join(second.dir, 'big.log'), Buffer.alloc(50 * MB, 'line of a big log\n'));
  await writeFile(join(second.dir, 'medium.txt'), 'é'.repeat(800 * 1024));
  commits.bEdit = (await second.commit('Edit notes', { nodeId: 'editor' }))!.sha;
  await writeFile(join(second.dir, 'big.log'), Buffer.alloc(50 * MB, 'another line\n'));
  commits.bBig = (await second.commit('Grow the log', { nodeId: 'logger' }))!.sha;
  commits.bEnd = (await second.finish('completed', new Date(2026, 10, 25, 21, 5, 0))).sha;

  const third = await repo.startRun('run_c');
  await mkdir(join(third.dir, 'docs'));
  await writeFile(join(third.dir, 'docs', 'c.md'), '# C\n');
  commits.cWrite = (await third.commit('Write c', { nodeId: 'docs_writer' }))!.sha;
  commits.cEnd = (await third.finish('failed', new Date(2026, 10, 25, 21, 10, 0))).sha;
  commits.initial = gitOutput(repo.dir, ['rev-parse', 'main']).trim();

  // A branch whose tree holds an entry named "..": git stores it, a checkout would escape.
  const blob = gitOutput(repo.dir, ['hash-object', '-w', '--stdin'], 'escaped\n').trim();
  const inner = gitOutput(repo.dir, ['mktree'], `100644 blob ${blob}\tpasswd\n`).trim();
  const outer = gitOutput(repo.dir, ['mktree'], `040000 tree ${inner}\t..\n`).trim();
  commits.hostile = gitOutput(repo.dir, ['commit-tree', outer, '-p', 'main', '-m', 'hostile']).trim();
  gitOutput(repo.dir, ['update-ref', 'refs/heads/run/run_hostile', commits.hostile]);
}, 120_000);

afterAll(async () => {
  await rm(runRoot, { recursive: true, force: true });
  await home.restore();
});

describe('the commit graph', () => {
  it('lists the commits of every branch newest first, with run, node and refs', async () => {
    const page = await repo.commitGraph({ limit: 100 });
    expect(page.total).toBe(9);
    expect(page.commits).toHaveLength(9);
    expect(page.commits.at(-1)).toMatchObject({
      sha: commits.initial,
      parents: [],
      subject: 'Initial commit',
    });
    const bySha = new Map(page.commits.map((commit) => [commit.sha, commit]));
    expect(bySha.get(commits.bEdit)).toMatchObject({
      subject: 'Edit notes',
      runId: 'rerun_b',
      nodeId: 'editor',
      parents: [commits.aEnd],
    });
    // The completion commit carries no trailer: its run comes from the `[<run_id>]` subject.
    expect(bySha.get(commits.cEnd)).toMatchObject({
      subject: '[run_c] Run failed at 2026-11-25T21:10:00',
      runId: 'run_c',
      nodeId: null,
      refs: [{ name: 'run/run_c', kind: 'branch' }],
    });
    expect(bySha.get(commits.aEnd)!.refs).toEqual([{ name: 'run/run_a', kind: 'branch' }]);
    expect(bySha.get(commits.initial)!.refs).toEqual([{ name: 'main', kind: 'branch' }]);
    expect(bySha.get(commits.initial)!.authoredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    // Rows are topological: every commit comes before its parents.
    const rowOf = new Map(page.commits.map((commit) => [commit.sha, commit.row]));
    for (const commit of page.commits) {
      for (const parent of commit.parents) expect(rowOf.get(parent)!).toBeGreaterThan(commit.row);
    }
  });

  it('draws a continuation in its run’s lane and branches off main in lanes of their own', async () => {
    const page = await repo.commitGraph({ limit: 100 });
    const laneOf = new Map(page.commits.map((commit) => [commit.sha, commit.lane]));
    const chain = [commits.bEnd, commits.bBig, commits.bEdit, commits.aEnd, commits.aWrite].map((sha) =>
      laneOf.get(sha),
    );
    expect(new Set(chain).size).toBe(1);
    expect(laneOf.get(commits.cWrite)).not.toBe(chain[0]);
    expect(laneOf.get(commits.hostile)).not.toBe(laneOf.get(commits.cWrite));
    expect(page.laneCount).toBe(3);
    // Every branch's line ends at the initial commit, in its lane.
    const initialLane = laneOf.get(commits.initial);
    const lastAbove = page.commits.at(-2)!;
    for (const edge of lastAbove.edges)
      expect(edge).toMatchObject({ parentSha: commits.initial, toLane: initialLane });
    expect(page.commits.at(-1)!.edges).toEqual([]);
  });

  it('gives the same rows page by page as in one page, with the lines entering each page', async () => {
    const whole = await repo.commitGraph({ limit: 100 });
    const first = await repo.commitGraph({ offset: 0, limit: 4 });
    const second = await repo.commitGraph({ offset: 4, limit: 4 });
    const last = await repo.commitGraph({ offset: 8, limit: 4 });
    expect([...first.commits, ...second.commits, ...last.commits]).toEqual(whole.commits);
    expect(first.edgesIntoFirst).toEqual([]);
    expect(second.edgesIntoFirst).toEqual(whole.commits[3].edges);
    expect(second.offset).toBe(4);
    expect(last.commits.map((commit) => commit.row)).toEqual([8]);
    expect((await repo.commitGraph({ offset: 50, limit: 4 })).commits).toEqual([]);
  });

  it('finds the rows of a run’s commits and of any commit', async () => {
    const whole = await repo.commitGraph({ limit: 100 });
    const rowOf = new Map(whole.commits.map((commit) => [commit.sha, commit.row]));
    const { branchMissing, commits: own } = await repo.runCommits('rerun_b');
    expect(branchMissing).toBe(false);
    // Only rerun_b's own commits, not those it inherited from run_a.
    expect(own.map((commit) => [commit.sha, commit.row, commit.nodeId])).toEqual([
      [commits.bEnd, rowOf.get(commits.bEnd), null],
      [commits.bBig, rowOf.get(commits.bBig), 'logger'],
      [commits.bEdit, rowOf.get(commits.bEdit), 'editor'],
    ]);
    expect(await repo.commitRows([commits.cWrite, 'f'.repeat(40)])).toEqual([
      rowOf.get(commits.cWrite),
      null,
    ]);
  });
});

describe('files of a commit', () => {
  it('lists the files a commit changed against its first parent', async () => {
    const files = await repo.commitFiles(commits.bEdit);
    expect(files.parentSha).toBe(commits.aEnd);
    expect(files.files).toEqual([
      { path: 'big.log', status: 'added' },
      { path: 'medium.txt', status: 'added' },
      { path: 'new name.txt', status: 'renamed', oldPath: 'old name.txt' },
      { path: 'notes.txt', status: 'changed' },
      { path: 'picture.bin', status: 'changed' },
    ]);
    const initial = await repo.commitFiles(commits.initial.slice(0, 10));
    expect(initial).toEqual({
      sha: commits.initial,
      parentSha: null,
      files: [{ path: 'README.md', status: 'added' }],
    });
  });

  it('refuses a commit that is not there and a value that is not a commit id', async () => {
    await expect(repo.commitFiles('abcdef1234')).rejects.toThrow(
      /commit abcdef1234 is not in the outcome repository/,
    );
    await expect(repo.commitFiles('--all')).rejects.toThrow(/"--all" is not a commit id/);
  });

  it('shows a text file as it was at a commit', async () => {
    expect(await repo.fileAt(commits.aWrite, 'notes.txt')).toEqual({
      sha: commits.aWrite,
      path: 'notes.txt',
      exists: true,
      size: 14,
      binary: false,
      truncated: false,
      text: 'one\ntwo\nthree\n',
      message: null,
    });
    expect((await repo.fileAt(commits.bEdit, 'notes.txt')).text).toBe('one\n2\nthree\nfour\n');
  });

  it('says a binary file is binary and shows no text', async () => {
    expect(await repo.fileAt(commits.aWrite, 'picture.bin')).toMatchObject({
      exists: true,
      binary: true,
      size: 6,
      text: null,
      message: 'binary file (6 bytes)',
    });
  });

  it('shows only the first MiB of a large file, saying how large it is', async () => {
    const big = await repo.fileAt(commits.bEdit, 'big.log');
    expect(big).toMatchObject({ exists: true, binary: false, truncated: true, size: 50 * MB });
    expect(big.text!.length).toBeLessThanOrEqual(MB);
    expect(big.text!.startsWith('line of a big log\nline of a big log\n')).toBe(true);
    expect(big.message).toBe('only the first 1.0 MB of 52.4 MB are shown');
    // Cut in the middle of a two-byte character, the text drops the half character.
    const medium = await repo.fileAt(commits.bEdit, 'medium.txt');
    expect(medium).toMatchObject({ truncated: true, size: 1600 * 1024 });
    expect(medium.text).toBe('é'.repeat(512 * 1024));
  });

  it('says when a path is missing or a folder at that commit', async () => {
    expect(await repo.fileAt(commits.aWrite, 'nope.txt')).toMatchObject({
      exists: false,
      size: null,
      text: null,
      message: 'nope.txt does not exist at this commit',
    });
    expect(await repo.fileAt(commits.cWrite, 'docs')).toMatchObject({
      exists: false,
      message: 'docs is a folder at this commit, not a file',
    });
  });
});

describe('file diffs', () => {
  it('diffs a changed text file into hunks, a unified text and side-by-side rows', async () => {
    const diff = await repo.fileDiff(commits.aWrite, commits.bEdit, 'notes.txt', { sideBySide: true });
    expect(diff).toMatchObject({
      status: 'changed',
      sizeA: 14,
      sizeB: 17,
      binary: false,
      tooLarge: false,
      message: null,
      additions: 2,
      deletions: 1,
    });
    expect(diff.hunks).toEqual([
      {
        oldStart: 1,
        oldLines: 3,
        newStart: 1,
        newLines: 4,
        lines: [' one', '-two', '+2', ' three', '+four'],
      },
    ]);
    expect(diff.unified).toContain(
      '--- a/notes.txt\n+++ b/notes.txt\n@@ -1,3 +1,4 @@\n one\n-two\n+2\n three\n+four\n',
    );
    expect(diff.sideBySide).toEqual([
      { kind: 'context', oldNumber: 1, oldText: 'one', newNumber: 1, newText: 'one' },
      { kind: 'changed', oldNumber: 2, oldText: 'two', newNumber: 2, newText: '2' },
      { kind: 'context', oldNumber: 3, oldText: 'three', newNumber: 3, newText: 'three' },
      { kind: 'added', oldNumber: null, oldText: null, newNumber: 4, newText: 'four' },
    ]);
  });

  it('diffs an added file, a renamed one and an unchanged one', async () => {
    const added = await repo.fileDiff(commits.aWrite, commits.cWrite, 'docs/c.md');
    expect(added).toMatchObject({ status: 'added', sizeA: null, sizeB: 4, additions: 1, deletions: 0 });
    expect(added.unified).toContain('--- /dev/null\n+++ b/docs/c.md\n@@ -0,0 +1,1 @@\n+# C\n');
    const removed = await repo.fileDiff(commits.cWrite, commits.aWrite, 'docs/c.md');
    expect(removed).toMatchObject({ status: 'removed', sizeB: null, additions: 0, deletions: 1 });
    const renamed = await repo.fileDiff(commits.aWrite, commits.bEdit, 'new name.txt', {
      oldPath: 'old name.txt',
    });
    expect(renamed).toMatchObject({ status: 'unchanged', oldPath: 'old name.txt', hunks: [], unified: null });
    const same = await repo.fileDiff(commits.aWrite, commits.bEnd, 'README.md');
    expect(same).toMatchObject({ status: 'unchanged', hunks: [], additions: 0 });
  });

  it('diffs a file of a commit against the commit’s parent, and a root commit’s file against nothing', async () => {
    const edited = await repo.commitFileDiff(commits.bEdit, 'notes.txt');
    expect(edited).toMatchObject({
      shaA: commits.aEnd,
      shaB: commits.bEdit,
      status: 'changed',
      additions: 2,
    });
    const root = await repo.commitFileDiff(commits.initial, 'README.md');
    expect(root).toMatchObject({ shaA: null, shaB: commits.initial, status: 'added', deletions: 0 });
    expect(root.unified).toContain('--- /dev/null\n+++ b/README.md\n');
    await expect(repo.commitFileDiff(commits.initial, '../README.md')).rejects.toThrow(/leads outside/);
  });

  it('says binary files differ without diffing them', async () => {
    expect(await repo.fileDiff(commits.aWrite, commits.bEdit, 'picture.bin')).toMatchObject({
      status: 'changed',
      binary: true,
      message: 'binary files differ',
      unified: null,
      hunks: [],
    });
  });

  it('answers at once that a 50 MB file is too large to diff', async () => {
    expect(await repo.fileDiff(commits.bEdit, commits.bBig, 'big.log')).toMatchObject({
      status: 'changed',
      sizeA: 50 * MB,
      sizeB: 50 * MB,
      tooLarge: true,
      message: 'too large to diff (52.4 MB)',
      unified: null,
      hunks: [],
    });
  });

  it('names a path that is a file on neither side', async () => {
    await expect(repo.fileDiff(commits.aWrite, commits.bEdit, 'nope.txt')).rejects.toThrow(
      /"nope.txt" is a file neither at .* nor at/,
    );
  });
});

describe('hostile paths', () => {
  it('refuses a path that leads outside the repository, naming it', async () => {
    for (const path of ['../outside.txt', 'docs/../../x', '/etc/passwd', 'C:\\Windows\\win.ini']) {
      const error = await repo.fileAt(commits.aWrite, path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutcomeRepositoryError);
      expect((error as Error).message).toContain(JSON.stringify(path));
      expect((error as Error).message).toContain('leads outside the repository');
    }
    await expect(repo.fileDiff(commits.aWrite, commits.bEdit, '../outside.txt')).rejects.toThrow(
      /"\.\.\/outside\.txt", which leads outside the repository/,
    );
    await expect(
      repo.fileDiff(commits.aWrite, commits.bEdit, 'notes.txt', { oldPath: '../../notes.txt' }),
    ).rejects.toThrow(/"\.\.\/\.\.\/notes\.txt"/);
  });

  it('refuses to list a commit or a comparison whose tree holds such a path', async () => {
    await expect(repo.commitFiles(commits.hostile)).rejects.toThrow(/"\.\.\/passwd", which leads outside/);
    await expect(repo.compareRunOutcomes('run_a', 'run_hostile')).rejects.toThrow(/"\.\.\/passwd"/);
  });
});

describe('comparing two runs’ outcome files', () => {
  it('lists the files that differ with sizes, line counts and binary flags', async () => {
    const { tipA, tipB, files } = await repo.compareRunOutcomes('run_a', 'rerun_b');
    expect([tipA, tipB]).toEqual([commits.aEnd, commits.bEnd]);
    expect(files).toEqual([
      {
        path: 'big.log',
        status: 'added',
        binary: false,
        linesAdded: expect.any(Number),
        linesRemoved: 0,
        sizeB: 50 * MB,
      },
      {
        path: 'medium.txt',
        status: 'added',
        binary: false,
        linesAdded: 1,
        linesRemoved: 0,
        sizeB: 1600 * 1024,
      },
      {
        path: 'new name.txt',
        oldPath: 'old name.txt',
        status: 'renamed',
        binary: false,
        linesAdded: 0,
        linesRemoved: 0,
        sizeA: 49,
        sizeB: 49,
      },
      {
        path: 'notes.txt',
        status: 'changed',
        binary: false,
        linesAdded: 2,
        linesRemoved: 1,
        sizeA: 14,
        sizeB: 17,
      },
      { path: 'picture.bin', status: 'changed', binary: true, sizeA: 6, sizeB: 4 },
    ]);
    expect((await repo.compareRunOutcomes('run_a', 'run_a')).files).toEqual([]);
  });
});

describe('a missing or rewritten repository', () => {
  it('names the folder when the repository does not exist, and creates nothing', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'outcome-missing-'));
    try {
      const error = await OutcomeRepository.openExisting({
        effectiveRunRoot: elsewhere,
        projectIdentifier: 'demo',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutcomeRepositoryError);
      expect((error as Error).message).toContain(
        `the outcome repository ${join(elsewhere, 'outcome', 'demo')} does not exist`,
      );
      await mkdir(join(elsewhere, 'outcome', 'plain'), { recursive: true });
      await writeFile(join(elsewhere, 'outcome', 'plain', 'file.txt'), 'not a repository\n');
      await expect(
        OutcomeRepository.openExisting({ effectiveRunRoot: elsewhere, projectIdentifier: 'plain' }),
      ).rejects.toThrow(/exists but is not a git repository/);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('still draws the graph when a run branch was deleted or rewritten, and says which', async () => {
    const root = await mkdtemp(join(tmpdir(), 'outcome-rewritten-'));
    try {
      const own = await OutcomeRepository.open({ effectiveRunRoot: root, projectIdentifier: 'demo' });
      const shas: Record<string, string> = {};
      for (const runId of ['run_keep', 'run_gone', 'run_amended']) {
        const run = await own.startRun(runId);
        await writeFile(join(run.dir, `${runId}.txt`), `${runId}\n`);
        shas[runId] = (await run.commit(`write ${runId}`, { nodeId: 'writer' }))!.sha;
        await run.finish('completed', new Date());
      }
      gitOutput(own.dir, ['branch', '-D', 'run/run_gone']);
      // "git commit --amend" of the node commit, then the branch forced onto the new history.
      const tree = gitOutput(own.dir, ['rev-parse', `${shas.run_amended}^{tree}`]).trim();
      const amended = gitOutput(own.dir, [
        'commit-tree',
        tree,
        '-p',
        'main',
        '-m',
        'write run_amended, amended',
      ]).trim();
      gitOutput(own.dir, ['update-ref', 'refs/heads/run/run_amended', amended]);

      const reopened = await OutcomeRepository.openExisting({
        effectiveRunRoot: root,
        projectIdentifier: 'demo',
      });
      const page = await reopened.commitGraph({
        runs: [
          { runId: 'run_keep', recordedCommits: [shas.run_keep] },
          { runId: 'run_gone', recordedCommits: [shas.run_gone] },
          { runId: 'run_amended', recordedCommits: [shas.run_amended] },
        ],
      });
      expect(page.commits.map((commit) => commit.subject)).toContain('write run_amended, amended');
      expect(page.commits.map((commit) => commit.sha)).not.toContain(shas.run_gone);
      expect(page.runs.map((run) => [run.runId, run.state])).toEqual([
        ['run_keep', 'present'],
        ['run_gone', 'branch_missing'],
        ['run_amended', 'rewritten'],
      ]);
      expect(page.runs[1].detail).toContain('branch missing: run/run_gone is not in the outcome repository');
      expect(page.runs[2].detail).toContain(
        `${shas.run_amended.slice(0, 12)} that the run recorded is no longer on it`,
      );
      expect(await reopened.runCommits('run_gone')).toEqual({
        runId: 'run_gone',
        branchMissing: true,
        commits: [],
      });
      await expect(reopened.compareRunOutcomes('run_keep', 'run_gone')).rejects.toThrow(
        /run run_gone has no branch run\/run_gone/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('opens a repository whose main branch is gone, for reading', async () => {
    const root = await mkdtemp(join(tmpdir(), 'outcome-nomain-'));
    try {
      const own = await OutcomeRepository.open({ effectiveRunRoot: root, projectIdentifier: 'demo' });
      const run = await own.startRun('run_only');
      await run.finish('completed', new Date());
      gitOutput(own.dir, ['checkout', '--quiet', '--detach']);
      gitOutput(own.dir, ['branch', '-D', 'main']);
      const reopened = await OutcomeRepository.openExisting({
        effectiveRunRoot: root,
        projectIdentifier: 'demo',
      });
      const page = await reopened.commitGraph();
      expect(page.commits.map((commit) => commit.subject)).toEqual([
        expect.stringMatching(/^\[run_only\] Run completed/),
        'Initial commit',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
