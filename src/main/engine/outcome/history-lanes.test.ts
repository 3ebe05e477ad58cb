import { describe, expect, it } from 'vitest';
import { type LaneCommit, LaneLayout, laneCountOf } from './history-lanes';

function layout(commits: LaneCommit[]) {
  const lanes = new LaneLayout();
  for (const commit of commits) lanes.add(commit);
  return lanes.rows;
}

/** Every line must end at its commit's dot or carry on in the next row; every commit must reach its parents. */
function expectDrawable(commits: LaneCommit[]): void {
  const rows = layout(commits);
  rows.forEach((row, index) => {
    const next = rows[index + 1];
    for (const parent of commits[index].parents) {
      expect(row.edges).toContainEqual(expect.objectContaining({ fromLane: row.lane, parentSha: parent }));
    }
    for (const edge of row.edges) {
      expect(next).toBeDefined();
      if (next.sha === edge.parentSha) {
        expect(edge.toLane).toBe(next.lane);
      } else {
        expect(next.edges).toContainEqual(
          expect.objectContaining({
            fromLane: edge.toLane,
            toLane: expect.any(Number),
            parentSha: edge.parentSha,
          }),
        );
      }
    }
  });
}

describe('lane layout', () => {
  it('draws a single branch in one lane', () => {
    const rows = layout([
      { sha: 'c3', parents: ['c2'] },
      { sha: 'c2', parents: ['c1'] },
      { sha: 'c1', parents: [] },
    ]);
    expect(rows.map((row) => row.lane)).toEqual([0, 0, 0]);
    expect(rows[0].edges).toEqual([{ fromLane: 0, toLane: 0, parentSha: 'c2' }]);
    expect(rows[2].edges).toEqual([]);
  });

  it('gives a second branch off main its own lane, which bends back into main’s first commit', () => {
    const rows = layout([
      { sha: 'b2', parents: ['b1'] },
      { sha: 'b1', parents: ['root'] },
      { sha: 'a2', parents: ['a1'] },
      { sha: 'a1', parents: ['root'] },
      { sha: 'root', parents: [] },
    ]);
    expect(rows.map((row) => row.lane)).toEqual([0, 0, 1, 1, 0]);
    // While branch a is drawn, branch b's line to root passes by in lane 0.
    expect(rows[2].edges).toEqual([
      { fromLane: 1, toLane: 1, parentSha: 'a1' },
      { fromLane: 0, toLane: 0, parentSha: 'root' },
    ]);
    expect(rows[3].edges).toEqual([
      { fromLane: 1, toLane: 0, parentSha: 'root' },
      { fromLane: 0, toLane: 0, parentSha: 'root' },
    ]);
    expect(laneCountOf(rows)).toBe(2);
  });

  it('keeps a continuation in the lane of the run it continues', () => {
    const rows = layout([
      { sha: 'rerun_tip', parents: ['rerun_node'] },
      { sha: 'rerun_node', parents: ['run_tip'] },
      { sha: 'run_tip', parents: ['run_node'] },
      { sha: 'run_node', parents: ['root'] },
      { sha: 'root', parents: [] },
    ]);
    expect(rows.map((row) => row.lane)).toEqual([0, 0, 0, 0, 0]);
  });

  it('draws a merge with a line to each parent', () => {
    const rows = layout([
      { sha: 'merge', parents: ['left', 'right'] },
      { sha: 'right', parents: ['base'] },
      { sha: 'left', parents: ['base'] },
      { sha: 'base', parents: [] },
    ]);
    expect(rows[0]).toMatchObject({
      lane: 0,
      edges: [
        { fromLane: 0, toLane: 0, parentSha: 'left' },
        { fromLane: 0, toLane: 1, parentSha: 'right' },
      ],
    });
    expect(rows[1].lane).toBe(1);
    expect(rows[2].lane).toBe(0);
    expect(rows[2].edges).toEqual([
      { fromLane: 0, toLane: 0, parentSha: 'base' },
      { fromLane: 1, toLane: 0, parentSha: 'base' },
    ]);
    expect(rows[3]).toEqual({ sha: 'base', lane: 0, edges: [] });
  });

  it('reuses a lane once its line has ended', () => {
    const rows = layout([
      { sha: 'x2', parents: ['x1'] },
      { sha: 'x1', parents: [] },
      { sha: 'y1', parents: [] },
    ]);
    expect(rows.map((row) => row.lane)).toEqual([0, 0, 0]);
  });

  it('lays out random histories so that every line can be drawn', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 20; round += 1) {
      // Made oldest first, each commit with one or two earlier parents; newest first is a topological order.
      const made: LaneCommit[] = [{ sha: 'c0', parents: [] }];
      for (let index = 1; index < 60; index += 1) {
        const first = made[Math.floor(random() * made.length)].sha;
        const parents = [first];
        if (random() < 0.2) {
          const second = made[Math.floor(random() * made.length)].sha;
          if (second !== first) parents.push(second);
        }
        made.push({ sha: `c${index}`, parents });
      }
      expectDrawable(made.reverse());
    }
  });
});
