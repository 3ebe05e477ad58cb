import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../../../shared/compare-data';
import { graphWidth, LANE_GEOMETRY, laneColorIndex, laneX, rowGraph } from './lane-geometry';

const geometry = LANE_GEOMETRY;
const H = geometry.rowHeight;

/** The first and last point of an SVG path made of M, V and C commands. */
function endsOf(d: string): { start: [number, number]; end: [number, number] } {
  const numbers = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const start: [number, number] = [numbers[0], numbers[1]];
  if (d.includes('V')) return { start, end: [numbers[0], numbers[2]] };
  return { start, end: [numbers.at(-2)!, numbers.at(-1)!] };
}

/**
 * Rows as the service lays out two run branches off one initial commit:
 * b2, b1 in lane 0; a2, a1 in lane 1; root in lane 0.
 */
const rows: { sha: string; lane: number; edges: GraphEdge[] }[] = [
  { sha: 'b2', lane: 0, edges: [{ fromLane: 0, toLane: 0, parentSha: 'b1' }] },
  { sha: 'b1', lane: 0, edges: [{ fromLane: 0, toLane: 0, parentSha: 'root' }] },
  {
    sha: 'a2',
    lane: 1,
    edges: [
      { fromLane: 1, toLane: 1, parentSha: 'a1' },
      { fromLane: 0, toLane: 0, parentSha: 'root' },
    ],
  },
  {
    sha: 'a1',
    lane: 1,
    edges: [
      { fromLane: 1, toLane: 0, parentSha: 'root' },
      { fromLane: 0, toLane: 0, parentSha: 'root' },
    ],
  },
  { sha: 'root', lane: 0, edges: [] },
];

describe('rowGraph', () => {
  it('joins every line leaving a row to the line entering the next one at the same point', () => {
    rows.forEach((row, index) => {
      if (index === rows.length - 1) return;
      const here = rowGraph(row, index === 0 ? [] : rows[index - 1].edges);
      const next = rowGraph(rows[index + 1], row.edges);
      const leaving = here.paths
        .slice(here.paths.length - row.edges.length)
        .map((path) => endsOf(path.d).end);
      const entering = next.paths.slice(0, row.edges.length).map((path) => endsOf(path.d).start);
      for (const point of leaving) expect(point[1]).toBe(H);
      for (const point of entering) expect(point[1]).toBe(0);
      expect(entering.map((point) => point[0])).toEqual(leaving.map((point) => point[0]));
    });
  });

  it('ends a line that reaches its commit at the commit’s dot, bending in from the branch’s lane', () => {
    const root = rowGraph(rows[4], rows[3].edges);
    expect(root.paths).toHaveLength(2);
    for (const path of root.paths) {
      expect(endsOf(path.d).end).toEqual([root.dot.cx, root.dot.cy]);
    }
    // The bending line starts between lane 1 and lane 0 at the top border.
    const bend = endsOf(root.paths[0].d).start;
    expect(bend[0]).toBeCloseTo((laneX(1) + laneX(0)) / 2);
    // It keeps the branch's colour, not main's.
    expect(root.paths[0].colorLane).toBe(1);
    expect(root.paths[1].colorLane).toBe(0);
  });

  it('starts a commit’s own lines at its dot and draws passing lines straight through', () => {
    const a2 = rowGraph(rows[2], rows[1].edges);
    expect(a2.dot).toEqual({ cx: laneX(1), cy: H / 2 });
    const own = endsOf(a2.paths[1].d);
    expect(own.start).toEqual([laneX(1), H / 2]);
    const passing = a2.paths.filter((path) => endsOf(path.d).start[0] === laneX(0));
    expect(passing.map((path) => path.d)).toEqual([`M${laneX(0)} 0V${H / 2}`, `M${laneX(0)} ${H / 2}V${H}`]);
  });

  it('draws nothing but the dot for a lone root commit', () => {
    const lone = rowGraph({ lane: 0, edges: [] }, []);
    expect(lone.paths).toEqual([]);
    expect(lone.squeezed).toBe(false);
  });

  it('squeezes lanes beyond the widest drawn onto the last lane', () => {
    const far = rowGraph({ lane: 40, edges: [] }, []);
    expect(far.squeezed).toBe(true);
    expect(far.dot.cx).toBe(laneX(geometry.maxLanes - 1));
    expect(graphWidth(40)).toBe(graphWidth(geometry.maxLanes));
    expect(graphWidth(2)).toBe(geometry.padding * 2 + 2 * geometry.laneWidth);
    expect(graphWidth(0)).toBe(graphWidth(1));
  });
});

describe('laneColorIndex', () => {
  it('cycles through the eight lane colours', () => {
    expect([0, 1, 7, 8, 9, 17].map(laneColorIndex)).toEqual([0, 1, 7, 0, 1, 1]);
  });
});
