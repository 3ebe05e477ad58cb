import { describe, expect, it } from 'vitest';
import type { RunBranchState } from '../../../../shared/compare-data';
import { branchProblem, positionAmong, runChoices } from './run-focus';

const RUN = 'run_20260101_000001_abcdef';
const sha = (n: number): string => String(n).repeat(40).slice(0, 40);

describe('branchProblem', () => {
  it('says nothing for a run whose commits are there', () => {
    expect(
      branchProblem(
        RUN,
        { runId: RUN, branchMissing: false, commits: [{ sha: sha(1), subject: 's', row: 0 }] },
        undefined,
      ),
    ).toBeNull();
    expect(branchProblem(RUN, null, undefined)).toBeNull();
  });

  it('explains a run whose branch is gone, and one that made no commits', () => {
    expect(branchProblem(RUN, { runId: RUN, branchMissing: true, commits: [] }, undefined)).toMatch(
      new RegExp(`run/${RUN} was deleted or renamed`),
    );
    expect(branchProblem(RUN, { runId: RUN, branchMissing: false, commits: [] }, undefined)).toMatch(
      /made no commits of its own/,
    );
  });

  it('passes on what the graph says of a rewritten branch', () => {
    const rewritten: RunBranchState = {
      runId: RUN,
      branch: `run/${RUN}`,
      state: 'rewritten',
      head: sha(2),
      detail: `the history of run/${RUN} was rewritten: commit 111111111111 that the run recorded is no longer on it`,
    };
    const commits = { runId: RUN, branchMissing: false, commits: [{ sha: sha(2), subject: 's', row: 0 }] };
    expect(branchProblem(RUN, commits, rewritten)).toBe(`Run ${RUN}: ${rewritten.detail}.`);
  });

  it('ignores an answer about another run', () => {
    expect(
      branchProblem(RUN, { runId: 'other_run', branchMissing: true, commits: [] }, undefined),
    ).toBeNull();
  });
});

describe('positionAmong', () => {
  it('finds a commit by full id or prefix, and nothing for null or an unknown one', () => {
    const commits = [{ sha: sha(3) }, { sha: sha(4) }];
    expect(positionAmong(commits, sha(4))).toBe(1);
    expect(positionAmong(commits, sha(4).slice(0, 8))).toBe(1);
    expect(positionAmong(commits, sha(5))).toBe(-1);
    expect(positionAmong(commits, null)).toBe(-1);
  });
});

describe('runChoices', () => {
  it('lists runs newest first and keeps a focused run the list does not know', () => {
    const runs = [
      { runId: 'old', createdAt: '2026-01-01T00:00:00Z' },
      { runId: 'new', createdAt: '2026-01-02T00:00:00Z' },
      { runId: 'undated', createdAt: null },
    ];
    expect(runChoices(runs, null)).toEqual(['new', 'old', 'undated']);
    expect(runChoices(runs, 'old')).toEqual(['new', 'old', 'undated']);
    expect(runChoices(runs, 'elsewhere')).toEqual(['elsewhere', 'new', 'old', 'undated']);
  });
});
