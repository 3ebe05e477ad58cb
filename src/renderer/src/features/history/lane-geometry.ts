import type { GraphEdge } from '../../../../shared/compare-data';

/** How the graph column is drawn: lanes side by side, one row per commit. */
export interface LaneGeometry {
  laneWidth: number;
  rowHeight: number;
  /** Lanes beyond this many are squeezed onto the last one, so a wide history keeps its columns. */
  maxLanes: number;
  /** Space left of the first lane and right of the last. */
  padding: number;
}

export const LANE_GEOMETRY: LaneGeometry = { laneWidth: 10, rowHeight: 28, maxLanes: 12, padding: 4 };

/** One stroke of a row's graph: half of a line between two rows' dots, coloured by `colorLane`. */
export interface LanePath {
  d: string;
  colorLane: number;
}

export interface RowGraph {
  paths: LanePath[];
  dot: { cx: number; cy: number };
  /** True when the commit's lane is beyond `maxLanes` and its dot is drawn on the last lane. */
  squeezed: boolean;
}

/** The width of the graph column for `laneCount` lanes. */
export function graphWidth(laneCount: number, geometry: LaneGeometry = LANE_GEOMETRY): number {
  const lanes = Math.min(Math.max(1, laneCount), geometry.maxLanes);
  return geometry.padding * 2 + lanes * geometry.laneWidth;
}

/** The x of a lane's centre. */
export function laneX(lane: number, geometry: LaneGeometry = LANE_GEOMETRY): number {
  const drawn = Math.min(Math.max(0, lane), geometry.maxLanes - 1);
  return geometry.padding + drawn * geometry.laneWidth + geometry.laneWidth / 2;
}

/** Lines take the colour of the branch side: a branch bending back into main keeps its own colour. */
function colorLaneOf(edge: GraphEdge): number {
  return Math.max(edge.fromLane, edge.toLane);
}

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * The strokes one row draws. A line from one row's dot height to the next row's is a cubic curve
 * that leaves and enters vertically; each row draws the half inside it (split at the row border,
 * where the curve is halfway across), so rows can be drawn and recycled one at a time.
 * `edgesAbove` are the lines the row above sends into this one.
 */
export function rowGraph(
  commit: { lane: number; edges: readonly GraphEdge[] },
  edgesAbove: readonly GraphEdge[],
  geometry: LaneGeometry = LANE_GEOMETRY,
): RowGraph {
  const height = geometry.rowHeight;
  const middle = height / 2;
  const paths: LanePath[] = [];
  for (const edge of edgesAbove) {
    const a = laneX(edge.fromLane, geometry);
    const b = laneX(edge.toLane, geometry);
    const border = (a + b) / 2;
    const d =
      a === b
        ? `M${round(b)} 0V${round(middle)}`
        : `M${round(border)} 0C${round((a + 3 * b) / 4)} ${round(height / 8)} ${round(b)} ${round(height / 4)} ${round(b)} ${round(middle)}`;
    paths.push({ d, colorLane: colorLaneOf(edge) });
  }
  for (const edge of commit.edges) {
    const a = laneX(edge.fromLane, geometry);
    const b = laneX(edge.toLane, geometry);
    const border = (a + b) / 2;
    const d =
      a === b
        ? `M${round(a)} ${round(middle)}V${round(height)}`
        : `M${round(a)} ${round(middle)}C${round(a)} ${round((3 * height) / 4)} ${round((3 * a + b) / 4)} ${round((7 * height) / 8)} ${round(border)} ${round(height)}`;
    paths.push({ d, colorLane: colorLaneOf(edge) });
  }
  return {
    paths,
    dot: { cx: laneX(commit.lane, geometry), cy: middle },
    squeezed: commit.lane >= geometry.maxLanes,
  };
}

/** The number of lane colours history.css defines (`--history-lane-0` …). */
export const LANE_COLORS = 8;

export function laneColorIndex(lane: number): number {
  return ((lane % LANE_COLORS) + LANE_COLORS) % LANE_COLORS;
}
