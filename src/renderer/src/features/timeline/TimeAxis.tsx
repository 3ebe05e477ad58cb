import { useEffect, useRef } from 'react';
import { useResolvedTheme } from '../../hooks/useResolvedTheme';
import { drawAxis, prepareCanvas } from './draw-timeline';
import { readTimelineColors } from './timeline-colors';
import type { Tick } from './timeline-geometry';

/** The time axis above the bars: tick marks and labels relative to the run start. */
export function TimeAxis({
  width,
  ticks,
  nowX,
}: {
  width: number;
  ticks: readonly Tick[];
  nowX: number | null;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const theme = useResolvedTheme();
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const canvas = canvasRef.current;
      if (!canvas || width <= 0) return;
      const height = canvas.clientHeight;
      const context = prepareCanvas(canvas, width, height);
      if (context) drawAxis(context, { width, height, ticks, nowX, colors: readTimelineColors(canvas) });
    });
    return () => cancelAnimationFrame(id);
  }, [width, ticks, nowX, theme]);
  return <canvas ref={canvasRef} className="time-axis" data-testid="time-axis" aria-hidden="true" />;
}
