import { memo } from 'react';
import type { GraphEdge } from '../../../../shared/compare-data';
import { LANE_GEOMETRY, laneColorIndex, rowGraph } from './lane-geometry';

interface GraphLanesProps {
  lane: number;
  edges: readonly GraphEdge[];
  edgesAbove: readonly GraphEdge[];
  width: number;
  /** The commit is one of the run in focus: its dot is drawn ringed. */
  marked: boolean;
}

/** One row's slice of the commit graph: the lines passing through and the commit's dot. */
export const GraphLanes = memo(function GraphLanes({
  lane,
  edges,
  edgesAbove,
  width,
  marked,
}: GraphLanesProps) {
  const drawn = rowGraph({ lane, edges }, edgesAbove);
  const color = laneColorIndex(lane);
  return (
    <svg
      className="history-lanes"
      width={width}
      height={LANE_GEOMETRY.rowHeight}
      viewBox={`0 0 ${width} ${LANE_GEOMETRY.rowHeight}`}
      aria-hidden="true"
    >
      {drawn.paths.map((path, index) => (
        <path
          key={index}
          d={path.d}
          className={`history-lanes__line history-lane--${laneColorIndex(path.colorLane)}`}
        />
      ))}
      {marked ? (
        <circle
          cx={drawn.dot.cx}
          cy={drawn.dot.cy}
          r={7}
          className={`history-lanes__ring history-lane--${color}`}
        />
      ) : null}
      <circle
        cx={drawn.dot.cx}
        cy={drawn.dot.cy}
        r={4}
        className={`history-lanes__dot history-lane--${color}${drawn.squeezed ? ' history-lanes__dot--squeezed' : ''}`}
      />
    </svg>
  );
});
