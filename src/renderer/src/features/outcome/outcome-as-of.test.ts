import { describe, expect, it } from 'vitest';
import type { OutcomeCommitAtTime } from '../../../../shared/replay-data';
import { outcomeAsOf } from './outcome-as-of';

function commit(
  sha: string,
  timeUs: number,
  files: OutcomeCommitAtTime['files'],
  inherited = false,
): OutcomeCommitAtTime {
  return {
    sha,
    subject: sha,
    nodeId: inherited ? null : `agent.${sha}`,
    timeUs,
    timeSource: 'node_end',
    inherited,
    files,
  };
}

const commits = [
  commit('base', 0, [{ path: 'README.md', status: 'added' }], true),
  commit('write', 100, [
    { path: 'a.md', status: 'added' },
    { path: 'b.md', status: 'added' },
  ]),
  commit('edit', 200, [
    { path: 'a.md', status: 'changed' },
    { path: 'b.md', status: 'removed' },
    { path: 'README.md', status: 'changed' },
  ]),
  commit('move', 300, [{ path: 'c.md', oldPath: 'a.md', status: 'renamed' }]),
];

const summary = (asOf: number | undefined) => {
  const state = outcomeAsOf(commits, asOf);
  return {
    inForce: state.inForce?.sha ?? null,
    made: state.made,
    toCome: state.toCome,
    files: state.files.map(
      (file) => `${file.status}${file.inherited ? ' (inherited)' : ''} ${file.path} @${file.lastCommit.sha}`,
    ),
  };
};

describe('the outcome files as of a moment of the run', () => {
  it('before the run committed anything shows only what it inherited', () => {
    expect(summary(50)).toEqual({
      inForce: 'base',
      made: 0,
      toCome: 3,
      files: ['added (inherited) README.md @base'],
    });
  });

  it("at a commit's moment includes it, and nothing made later", () => {
    expect(summary(100)).toEqual({
      inForce: 'write',
      made: 1,
      toCome: 2,
      files: ['added (inherited) README.md @base', 'added a.md @write', 'added b.md @write'],
    });
  });

  it('keeps a file the run made and then changed as added, and marks removed files', () => {
    expect(summary(250).files).toEqual(['changed README.md @edit', 'added a.md @edit', 'removed b.md @edit']);
  });

  it('shows a rename as the old path removed and the new one added; undefined means the end', () => {
    expect(summary(undefined)).toEqual({
      inForce: 'move',
      made: 3,
      toCome: 0,
      files: ['changed README.md @edit', 'removed a.md @move', 'removed b.md @edit', 'added c.md @move'],
    });
  });
});
