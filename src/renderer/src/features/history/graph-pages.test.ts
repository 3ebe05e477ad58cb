import { describe, expect, it } from 'vitest';
import type { CommitGraphPage, GraphCommit } from '../../../../shared/compare-data';
import { commitAt, edgesInto, hasRow, pagesCovering, rowOfSha, withPage } from './graph-pages';

const TOTAL = 1000;
const shaOf = (row: number): string => row.toString(16).padStart(8, '0').padEnd(40, 'b');

/** A page of a straight history of TOTAL commits, each in lane `row % 3` for variety. */
function pageAt(offset: number, limit: number, total = TOTAL): CommitGraphPage {
  const commits: GraphCommit[] = [];
  for (let row = offset; row < Math.min(total, offset + limit); row += 1) {
    commits.push({
      row,
      sha: shaOf(row),
      parents: row + 1 < total ? [shaOf(row + 1)] : [],
      subject: `commit ${row}`,
      authoredAt: '2026-01-01T00:00:00+00:00',
      runId: null,
      nodeId: null,
      refs: [],
      lane: row % 3,
      edges: row + 1 < total ? [{ fromLane: row % 3, toLane: (row + 1) % 3, parentSha: shaOf(row + 1) }] : [],
    });
  }
  return {
    repositoryDir: '/tmp/repo',
    total,
    offset,
    commits,
    edgesIntoFirst:
      offset === 0 ? [] : [{ fromLane: (offset - 1) % 3, toLane: offset % 3, parentSha: shaOf(offset) }],
    laneCount: Math.min(3, commits.length),
    runs: [],
  };
}

const SIZE = 100;
const visible = { first: 0, last: 30 };

describe('pagesCovering', () => {
  it('asks for the pages of the visible rows and a margin, nearest first', () => {
    expect(pagesCovering(0, 30, null, 50, SIZE)).toEqual([0]);
    expect(pagesCovering(250, 280, TOTAL, 60, SIZE)).toEqual([2, 1, 3]);
    expect(pagesCovering(120, 150, TOTAL, 10, SIZE)).toEqual([1]);
  });

  it('stops at the last row and asks for nothing in an empty history', () => {
    expect(pagesCovering(960, 999, TOTAL, 100, SIZE)).toEqual([9, 8]);
    expect(pagesCovering(0, 30, 0, 50, SIZE)).toEqual([]);
  });
});

describe('withPage', () => {
  it('finds commits and the lines above each row across page borders', () => {
    let graph = withPage(null, 'v1', pageAt(0, SIZE), visible, { pageSize: SIZE });
    graph = withPage(graph, 'v1', pageAt(100, SIZE), visible, { pageSize: SIZE });
    expect(graph.total).toBe(TOTAL);
    expect(commitAt(graph, 0)?.subject).toBe('commit 0');
    expect(commitAt(graph, 150)?.subject).toBe('commit 150');
    expect(commitAt(graph, 250)).toBeUndefined();
    expect(edgesInto(graph, 0)).toEqual([]);
    // Row 100 is the first of its page: its lines come from the page, and agree with row 99's.
    expect(edgesInto(graph, 100)).toEqual(commitAt(graph, 99)?.edges);
    expect(edgesInto(graph, 57)).toEqual(commitAt(graph, 56)?.edges);
    expect(edgesInto(graph, 250)).toBeUndefined();
    expect(hasRow(graph, 'v1', 199)).toBe(true);
    expect(hasRow(graph, 'v2', 199)).toBe(false);
  });

  it('starts over when the history changed under a new key', () => {
    let graph = withPage(null, 'v1', pageAt(0, SIZE), visible, { pageSize: SIZE });
    graph = withPage(graph, 'v1', pageAt(100, SIZE), visible, { pageSize: SIZE });
    graph = withPage(graph, 'v2', pageAt(0, SIZE, TOTAL + 5), visible, { pageSize: SIZE });
    expect(graph.key).toBe('v2');
    expect(graph.total).toBe(TOTAL + 5);
    expect([...graph.pages.keys()]).toEqual([0]);
  });

  it('keeps at most maxPages, dropping those farthest from the visible rows', () => {
    let graph = null;
    for (let index = 0; index < 6; index += 1) {
      graph = withPage(
        graph,
        'v1',
        pageAt(index * SIZE, SIZE),
        { first: 420, last: 450 },
        {
          pageSize: SIZE,
          maxPages: 3,
        },
      );
    }
    expect([...graph!.pages.keys()].sort()).toEqual([3, 4, 5]);
    expect(commitAt(graph, 10)).toBeUndefined();
  });

  it('keeps the widest lane count seen while scrolling', () => {
    const wide = { ...pageAt(0, SIZE), laneCount: 9 };
    let graph = withPage(null, 'v1', wide, visible, { pageSize: SIZE });
    graph = withPage(graph, 'v1', pageAt(100, SIZE), visible, { pageSize: SIZE });
    expect(graph.laneCount).toBe(9);
  });
});

describe('rowOfSha', () => {
  it('finds a read commit by its full id or a short prefix, and nothing for an unread one', () => {
    const graph = withPage(null, 'v1', pageAt(100, SIZE), visible, { pageSize: SIZE });
    expect(rowOfSha(graph, shaOf(142))).toBe(142);
    expect(rowOfSha(graph, shaOf(142).slice(0, 12).toUpperCase())).toBe(142);
    expect(rowOfSha(graph, shaOf(3))).toBeNull();
    expect(rowOfSha(graph, 'aaaa')).toBeNull();
  });
});
