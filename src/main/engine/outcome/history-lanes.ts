import type { GraphEdge } from '../../../shared/compare-data';

export interface LaneCommit {
  sha: string;
  parents: readonly string[];
}

export interface LaneRow {
  sha: string;
  lane: number;
  /** Lines from this row to the next; final once the next row has been added. */
  edges: GraphEdge[];
}

interface OpenLine {
  edge: GraphEdge;
  /** The lane the line travels down in until it meets its commit. */
  lane: number;
}

/**
 * Gives each commit of a newest-first (topological) list a column, and each row the lines to the
 * next row. A lane holds the commit expected next in it: a commit takes the leftmost lane that
 * expects it (or the first free one when nothing does: a branch head), its first parent continues
 * that lane, and any other parent goes to a lane already expecting it or to a new one. Lanes
 * never shift sideways, so a line stays straight until it bends into its commit.
 */
export class LaneLayout {
  readonly rows: LaneRow[] = [];
  private readonly expected: (string | null)[] = [];
  private open: OpenLine[] = [];

  add(commit: LaneCommit): LaneRow {
    let lane = this.expected.indexOf(commit.sha);
    if (lane === -1) lane = this.freeLane(-1);
    // Lines running towards this commit end at its dot.
    for (const line of this.open) line.edge.toLane = line.edge.parentSha === commit.sha ? lane : line.lane;
    for (let index = 0; index < this.expected.length; index += 1) {
      if (this.expected[index] === commit.sha) this.expected[index] = null;
    }

    const edges: GraphEdge[] = [];
    const open: OpenLine[] = [];
    const startedHere = new Set<number>();
    commit.parents.forEach((parent, index) => {
      let parentLane: number;
      if (index === 0) {
        parentLane = lane;
      } else {
        parentLane = this.expected.indexOf(parent);
        if (parentLane === -1) parentLane = this.freeLane(lane);
      }
      if (this.expected[parentLane] !== parent) startedHere.add(parentLane);
      this.expected[parentLane] = parent;
      const edge = { fromLane: lane, toLane: parentLane, parentSha: parent };
      edges.push(edge);
      open.push({ edge, lane: parentLane });
    });
    this.expected.forEach((parent, index) => {
      if (parent === null || startedHere.has(index)) return;
      const edge = { fromLane: index, toLane: index, parentSha: parent };
      edges.push(edge);
      open.push({ edge, lane: index });
    });
    while (this.expected.length > 0 && this.expected.at(-1) === null) this.expected.pop();

    this.open = open;
    const row = { sha: commit.sha, lane, edges };
    this.rows.push(row);
    return row;
  }

  /** The first lane nobody expects a commit in (never `except`), adding one when all are taken. */
  private freeLane(except: number): number {
    for (let index = 0; index < this.expected.length; index += 1) {
      if (index !== except && this.expected[index] === null) return index;
    }
    this.expected.push(null);
    return this.expected.length - 1;
  }
}

/** The lanes needed to draw these rows: the highest lane a dot or line uses, plus one. */
export function laneCountOf(rows: readonly { lane: number; edges: readonly GraphEdge[] }[]): number {
  let highest = -1;
  for (const row of rows) {
    highest = Math.max(highest, row.lane);
    for (const edge of row.edges) highest = Math.max(highest, edge.fromLane, edge.toLane);
  }
  return highest + 1;
}
