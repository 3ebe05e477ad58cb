import { memo, useEffect, useRef } from 'react';
import { useResolvedTheme } from '../../hooks/useResolvedTheme';
import { drawAxis, prepareCanvas } from './draw-timeline';
import { readTimelineColors, type TimelineColors } from './timeline-colors';
import type { Tick } from './timeline-geometry';

/**
 * The time axis above the bars: tick marks and labels relative to the run start. Drawn again only
 * when its ticks, width, now mark or theme change (not on a vertical scroll); the theme's colours
 * are read once per theme, not on every zoom step.
 */
export const TimeAxis = memo(function TimeAxis({
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
  const colors = useRef<{ theme: string; value: TimelineColors } | null>(null);
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const canvas = canvasRef.current;
      if (!canvas || width <= 0) return;
      if (colors.current?.theme !== theme) colors.current = { theme, value: readTimelineColors(canvas) };
      const height = canvas.clientHeight;
      const context = prepareCanvas(canvas, width, height);
      if (context) drawAxis(context, { width, height, ticks, nowX, colors: colors.current.value });
    });
    return () => cancelAnimationFrame(id);
  }, [width, ticks, nowX, theme]);
  return <canvas ref={canvasRef} className="time-axis" data-testid="time-axis" aria-hidden="true" />;
});
