import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeRepository } from '../engine/outcome';
import { compareRuns, defaultComparisonFor } from './compare-runs';
import { runAgent, sayAgent, writerAgent } from '../../../test-support/compare/compare-projects';

let projectRoot: string;
let otherProject: string;
let original: { runId: string; runDir: string };
let rerun: { runId: string; runDir: string };

beforeAll(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'compare-runs-'));
  otherProject = await mkdtemp(join(tmpdir(), 'compare-other-'));
  original = await runAgent(projectRoot, writerAgent('first'));
  rerun = await runAgent(projectRoot, writerAgent('second'), {
    previousRunId: original.runId,
    startHierarchyPath: 'say',
  });
}, 60_000);

afterAll(async () => {
  await rm(projectRoot, { recursive: true, force: true });
  await rm(otherProject, { recursive: true, force: true });
});

describe('comparing a run with its continuation', () => {
  it('flags the reused node and lists what differs in the others, structurally', async () => {
    const comparison = await compareRuns({ runDirA: original.runDir, runDirB: rerun.runDir });
    expect(comparison.sameProject).toBe(true);
    expect(comparison.projectNote).toBeUndefined();
    expect(comparison.runB).toMatchObject({
      runId: rerun.runId,
      status: 'completed',
      rootComponentId: 'writer',
      previousRunId: original.runId,
      startHierarchyPath: 'say',
      tokens: 13 + 2,
      nodeCount: 4,
    });
    expect(comparison.runA).toMatchObject({
      runId: original.runId,
      tokens: 11,
      cost: 0.01,
      previousRunId: null,
    });

    expect(comparison.nodes.map((node) => node.hierarchyPath)).toEqual([
      'writer.main.write',
      'writer.main.say',
      'writer.main.edit',
      'writer.main.extra',
    ]);
    const [write, say, edit, extra] = comparison.nodes;
    expect(write).toMatchObject({ reusedInB: true, differsAtAll: false, durationMsB: null });
    expect(write.durationMsA).toEqual(expect.any(Number));
    expect(write.differs).toEqual({
      status: false,
      output: false,
      outcome: false,
      duration: false,
      tokens: false,
      cost: false,
    });

    expect(say.reusedInB).toBeUndefined();
    expect(say).toMatchObject({
      differsAtAll: true,
      statusA: 'completed',
      statusB: 'completed',
      tokensA: 11,
      tokensB: 13,
      costA: 0.01,
      costB: 0.015,
    });
    expect(say.differs).toMatchObject({
      status: false,
      output: true,
      outcome: true,
      tokens: true,
      cost: true,
    });
    expect(say.outputDiff).toEqual({
      changes: [
        { path: 'data.value.text', kind: 'changed', before: 'hello', after: 'hello there' },
        { path: 'data.value.n[2]', kind: 'added', after: 3 },
      ],
      omitted: 0,
    });

    // The work tree path names each run; with the run ids masked it is no difference.
    const outcomePaths = edit.outcomeDiff!.changes.map((change) => change.path);
    expect(outcomePaths).not.toContain('base_directory');
    expect(edit.outcomeDiff!.changes).toContainEqual({
      path: 'results[0].path',
      kind: 'changed',
      before: 'c.md',
      after: 'a.md',
    });
    expect(edit.outcomeDiff!.changes).toContainEqual(
      expect.objectContaining({ path: 'results[2]', kind: 'added' }),
    );
    expect(extra).toMatchObject({
      inA: false,
      inB: true,
      statusA: null,
      statusB: 'completed',
      differsAtAll: true,
    });

    expect(comparison.nodeCounts).toEqual({
      total: 4,
      differing: 3,
      reused: 1,
      onlyInA: 0,
      onlyInB: 1,
      status: 0,
      output: 2,
      outcome: 2,
    });
  });

  it('lists the outcome files added, removed and changed between the two branches', async () => {
    const comparison = await compareRuns({ runDirA: original.runDir, runDirB: rerun.runDir });
    expect(comparison.outcome).toMatchObject({
      available: true,
      repositoryDir: join(projectRoot, 'runs', 'outcome', 'demo'),
      counts: { added: 1, removed: 1, changed: 1, renamed: 0 },
    });
    expect(comparison.outcome.files).toEqual([
      { path: 'a.md', status: 'changed', binary: false, linesAdded: 1, linesRemoved: 1, sizeA: 6, sizeB: 14 },
      { path: 'b.md', status: 'removed', binary: false, linesAdded: 0, linesRemoved: 1, sizeA: 5 },
      { path: 'd.md', status: 'added', binary: false, linesAdded: 1, linesRemoved: 0, sizeB: 6 },
    ]);
    const repository = await OutcomeRepository.openExisting({
      effectiveRunRoot: join(projectRoot, 'runs'),
      projectIdentifier: 'demo',
    });
    const diff = await repository.fileDiff(comparison.outcome.tipA!, comparison.outcome.tipB!, 'a.md');
    expect(diff.hunks[0].lines).toEqual(['-alpha', '+alpha, second']);
  });

  it('sums it up in one line', async () => {
    const comparison = await compareRuns({ runDirA: original.runDir, runDirB: rerun.runDir });
    expect(comparison.summary).toMatch(
      new RegExp(
        `^${original.runId} vs ${rerun.runId}: 3 of 4 nodes differ \\(2 outputs, 2 outcomes, 1 only in ${rerun.runId}\\), ` +
          `1 reused; 1 file changed, 1 added, 1 removed; tokens 11 → 15 \\(\\+36\\.4%\\), cost \\$0\\.01 → \\$0\\.016, ` +
          `time [0-9.]+ s → [0-9.]+ s \\+ [0-9.]+ s reused$`,
      ),
    );
  });

  it('shows apart what a continuation reused, so reuse never reads as a saving', async () => {
    // Continued from its third node: the model call before it is reused.
    const continuation = await runAgent(projectRoot, writerAgent('second'), {
      previousRunId: original.runId,
      startHierarchyPath: 'edit',
    });
    const comparison = await compareRuns({ runDirA: original.runDir, runDirB: continuation.runDir });
    // Its own totals count only the node it added (2 tokens); the reused call's 11 stand beside them.
    expect(comparison.runB).toMatchObject({ tokens: 2, cost: 0.001 });
    expect(comparison.summary).toMatch(
      /; tokens 11 → 2 \+ 11 reused \(\+18\.2%\), cost \$0\.01 → \$0\.001 \+ \$0\.01 reused, time [0-9.]+ s → [0-9.]+ s \+ [0-9.]+ s reused$/,
    );
  });

  it('compares the other way round, flagging the nodes A reused from B', async () => {
    const comparison = await compareRuns({ runDirA: rerun.runDir, runDirB: original.runDir });
    expect(comparison.nodes[0]).toMatchObject({ hierarchyPath: 'writer.main.write', reusedInA: true });
    expect(comparison.nodeCounts).toMatchObject({ onlyInA: 1, onlyInB: 0, reused: 1 });
    expect(comparison.outcome.counts).toEqual({ added: 1, removed: 1, changed: 1, renamed: 0 });
  });

  it('finds the original of a re-run as the default comparison', async () => {
    expect(await defaultComparisonFor(rerun.runDir)).toEqual({
      previousRunId: original.runId,
      runDirA: original.runDir,
      runDirB: rerun.runDir,
      exists: true,
    });
    expect(await defaultComparisonFor(original.runDir)).toBeNull();
  });

  it('tolerates a broken last line in a trace file, saying so', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'compare-broken-'));
    try {
      const runs = join(copy, 'runs');
      execFileSync('cp', ['-r', join(projectRoot, 'runs'), runs]);
      await appendFile(
        join(runs, rerun.runId, '.trace', 'trace.jsonl'),
        '{"name":"echo.execute","attributes":{"dad.generic.node_hierarchy":',
      );
      const comparison = await compareRuns({
        runDirA: join(runs, original.runId),
        runDirB: join(runs, rerun.runId),
      });
      expect(comparison.problems).toEqual([
        `1 line(s) of ${join(runs, rerun.runId, '.trace', 'trace.jsonl')} could not be read`,
      ]);
      expect(comparison.nodes[1].durationMsB).toEqual(expect.any(Number));
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('comparisons that cannot be complete', () => {
  it('flags two runs from different projects and still compares their nodes', async () => {
    const other = await runAgent(otherProject, writerAgent('first'), { rootComponentId: 'other_writer' });
    const comparison = await compareRuns({ runDirA: original.runDir, runDirB: other.runDir });
    expect(comparison.sameProject).toBe(false);
    expect(comparison.projectNote).toContain(
      `${original.runId} ran writer and ${other.runId} ran other_writer`,
    );
    expect(comparison.projectNote).toContain('the runs are in different runs folders');
    expect(comparison.outcome).toMatchObject({ available: false, files: [] });
    expect(comparison.outcome.reason).toContain('different repositories');
    expect(comparison.nodes).toHaveLength(6);
    expect(comparison.nodeCounts).toMatchObject({ onlyInA: 3, onlyInB: 3 });
    expect(comparison.summary).toContain('; not the same project: ');
    expect(comparison.summary).toContain('outcome files not compared');
  });

  it('says the outcome files were not compared when a run’s branch is gone', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'compare-branch-'));
    try {
      const runs = join(copy, 'runs');
      execFileSync('cp', ['-r', join(projectRoot, 'runs'), runs]);
      execFileSync('git', ['branch', '-D', `run/${original.runId}`], { cwd: join(runs, 'outcome', 'demo') });
      const comparison = await compareRuns({
        runDirA: join(runs, original.runId),
        runDirB: join(runs, rerun.runId),
      });
      expect(comparison.outcome.available).toBe(false);
      expect(comparison.outcome.reason).toContain(
        `${original.runId}: branch missing: run/${original.runId} is not in`,
      );
      expect(comparison.nodeCounts.differing).toBe(3);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('notes a rewritten run branch and still lists the files', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'compare-amend-'));
    try {
      const runs = join(copy, 'runs');
      execFileSync('cp', ['-r', join(projectRoot, 'runs'), runs]);
      const repo = join(runs, 'outcome', 'demo');
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args], {
          cwd: repo,
          encoding: 'utf8',
        }).trim();
      // The original's history replaced by one commit holding its last tree.
      const tree = git('rev-parse', `run/${original.runId}^{tree}`);
      git(
        'update-ref',
        `refs/heads/run/${original.runId}`,
        git('commit-tree', tree, '-p', 'main', '-m', 'squashed'),
      );
      const comparison = await compareRuns({
        runDirA: join(runs, original.runId),
        runDirB: join(runs, rerun.runId),
      });
      expect(comparison.outcome.available).toBe(true);
      expect(comparison.outcome.reason).toContain(`the history of run/${original.runId} was rewritten`);
      expect(comparison.problems).toContain(comparison.outcome.reason);
      expect(comparison.outcome.files.map((file) => file.path)).toEqual(['a.md', 'b.md', 'd.md']);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('names the missing outcome repository, and leaves the outcome out when told to', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'compare-norepo-'));
    try {
      const a = await runAgent(bare, sayAgent('a'), { enableOutcomeRepo: false });
      const b = await runAgent(bare, sayAgent('b'), { enableOutcomeRepo: false });
      const comparison = await compareRuns({ runDirA: a.runDir, runDirB: b.runDir });
      expect(comparison.outcome.available).toBe(false);
      expect(comparison.outcome.reason).toContain(`the outcome repository ${join(bare, 'runs', 'outcome')}`);
      expect(comparison.outcome.reason).toContain('does not exist');
      const without = await compareRuns({ runDirA: a.runDir, runDirB: b.runDir, outcomeRepository: null });
      expect(without.outcome).toEqual({
        available: false,
        reason: 'no outcome repository was given',
        files: [],
        counts: { added: 0, removed: 0, changed: 0, renamed: 0 },
      });
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it('names a run directory that does not exist', async () => {
    await expect(
      compareRuns({ runDirA: original.runDir, runDirB: join(projectRoot, 'runs', 'run_nope') }),
    ).rejects.toThrow(`the run directory ${join(projectRoot, 'runs', 'run_nope')} does not exist`);
  });
});
