import type { SpanRow } from '../../../../shared/run-data';
import { formatDurationMs } from '../../format/format';
import { spanKey } from '../../live/rows-model';
import type { TimelineColors } from './timeline-colors';
import { withAlpha } from './timeline-colors';
import type { Tick, TimeRange } from './timeline-geometry';
import { ROW_HEIGHT, timeToX } from './timeline-geometry';

/** Sizes a canvas's backing store for its CSS size and the screen's pixel ratio; returns its context. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const pixelWidth = Math.max(1, Math.round(width * ratio));
  const pixelHeight = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

export interface BarsFrame {
  width: number;
  height: number;
  rowScroll: number;
  first: number;
  last: number;
  rowAt(index: number): SpanRow | undefined;
  view: TimeRange;
  ticks: readonly Tick[];
  selectedIndex: number;
  hoverIndex: number;
  matches: ReadonlySet<string>;
  /** "Now" for a live run (running spans reach it), else null. */
  nowUs: number | null;
  /** 0…1, for the running spans' pulse. */
  phase: number;
  /** Ended spans without an error take their service's colour (a run of several services), else null. */
  serviceColors: ReadonlyMap<string, string> | null;
  colors: TimelineColors;
}

const BAR_INSET = 5;

let hatch: { color: string; pattern: CanvasPattern | null } | null = null;

function hatchPattern(context: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  if (hatch?.color === color && hatch.pattern) return hatch.pattern;
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const tileContext = tile.getContext('2d');
  if (!tileContext) return color;
  tileContext.strokeStyle = color;
  tileContext.lineWidth = 1.5;
  tileContext.beginPath();
  tileContext.moveTo(-1, 7);
  tileContext.lineTo(7, -1);
  tileContext.stroke();
  hatch = { color, pattern: context.createPattern(tile, 'repeat') };
  return hatch.pattern ?? color;
}

function barColor(
  row: SpanRow,
  colors: TimelineColors,
  byService: ReadonlyMap<string, string> | null,
): string {
  if (row.status === 'ERROR') return colors.error;
  if (row.status === 'RUNNING' || row.end === null) return colors.running;
  const serviceColor = byService && row.serviceName ? byService.get(row.serviceName) : undefined;
  if (serviceColor) return serviceColor;
  if (row.status === 'UNSET') return colors.unset;
  return colors.ok;
}

/** An ended span's duration never changes: formatted once per row object, not on every frame. */
const endedLabels = new WeakMap<SpanRow, string>();

function endedDurationLabel(row: SpanRow, endUs: number): string {
  let label = endedLabels.get(row);
  if (label === undefined) {
    label = formatDurationMs((endUs - row.start) / 1000);
    endedLabels.set(row, label);
  }
  return label;
}

/** Draws the span bars of the visible rows in one pass; only ended spans' duration labels are kept. */
export function drawBars(context: CanvasRenderingContext2D, frame: BarsFrame): void {
  const { width, height, colors, view } = frame;
  context.font = '11px system-ui, sans-serif';
  context.textBaseline = 'middle';

  for (let index = frame.first; index <= frame.last; index++) {
    const y = index * ROW_HEIGHT - frame.rowScroll;
    if (index % 2 === 1) {
      context.fillStyle = colors.alternate;
      context.fillRect(0, y, width, ROW_HEIGHT);
    }
    if (index === frame.selectedIndex || index === frame.hoverIndex) {
      context.fillStyle = colors.selected;
      context.globalAlpha = index === frame.selectedIndex ? 1 : 0.45;
      context.fillRect(0, y, width, ROW_HEIGHT);
      context.globalAlpha = 1;
    }
  }

  context.strokeStyle = colors.grid;
  context.lineWidth = 1;
  context.beginPath();
  for (const tick of frame.ticks) {
    const x = Math.round(tick.x) + 0.5;
    context.moveTo(x, 0);
    context.lineTo(x, height);
  }
  context.stroke();

  for (let index = frame.first; index <= frame.last; index++) {
    const y = index * ROW_HEIGHT - frame.rowScroll;
    const row = frame.rowAt(index);
    const barY = y + BAR_INSET;
    const barHeight = ROW_HEIGHT - BAR_INSET * 2;
    if (!row) {
      context.fillStyle = colors.grid;
      context.fillRect(width * 0.05, barY + 3, width * 0.3, barHeight - 6);
      continue;
    }
    const running = row.end === null;
    const endUs = row.end ?? frame.nowUs ?? row.start;
    const x0 = timeToX(row.start, view, width);
    const x1 = timeToX(endUs, view, width);
    if (x1 < -2 || x0 > width + 2) continue;
    const left = Math.max(-2, x0);
    const barWidth = Math.max(2, Math.min(width + 2, x1) - left);
    const color = barColor(row, colors, frame.serviceColors);

    if (row.reusedFrom) {
      context.fillStyle = hatchPattern(context, colors.reused);
      context.fillRect(left, barY, barWidth, barHeight);
      context.strokeStyle = colors.reused;
      context.setLineDash([3, 2]);
      context.strokeRect(left + 0.5, barY + 0.5, barWidth - 1, barHeight - 1);
      context.setLineDash([]);
    } else if (running) {
      const gradient = context.createLinearGradient(left, 0, left + barWidth, 0);
      gradient.addColorStop(0, color);
      gradient.addColorStop(1, withAlpha(color, 0.3));
      context.fillStyle = gradient;
      context.fillRect(left, barY, barWidth, barHeight);
      context.fillStyle = color;
      context.globalAlpha = 0.35 + 0.65 * Math.abs(Math.sin(frame.phase * Math.PI));
      context.fillRect(left + barWidth - 2, barY - 1, 3, barHeight + 2);
      context.globalAlpha = 1;
    } else {
      context.fillStyle = color;
      context.fillRect(left, barY, barWidth, barHeight);
    }

    if (frame.matches.size > 0 && frame.matches.has(spanKey(row.spanId))) {
      context.strokeStyle = colors.match;
      context.lineWidth = 2;
      context.strokeRect(left - 1, barY - 1, barWidth + 2, barHeight + 2);
      context.lineWidth = 1;
    }

    const label = running
      ? `${formatDurationMs((endUs - row.start) / 1000)} …`
      : endedDurationLabel(row, endUs);
    const textX = left + barWidth + 4;
    if (textX < width - 30) {
      context.fillStyle = colors.textMuted;
      context.fillText(label, textX, y + ROW_HEIGHT / 2);
    }
  }

  if (frame.nowUs !== null) {
    const x = timeToX(frame.nowUs, view, width);
    if (x >= 0 && x <= width) {
      context.strokeStyle = colors.now;
      context.setLineDash([4, 3]);
      context.beginPath();
      context.moveTo(Math.round(x) + 0.5, 0);
      context.lineTo(Math.round(x) + 0.5, height);
      context.stroke();
      context.setLineDash([]);
    }
  }
}

export interface AxisFrame {
  width: number;
  height: number;
  ticks: readonly Tick[];
  nowX: number | null;
  colors: TimelineColors;
}

export function drawAxis(context: CanvasRenderingContext2D, frame: AxisFrame): void {
  const { width, height, colors } = frame;
  context.font = '11px system-ui, sans-serif';
  context.textBaseline = 'middle';
  context.strokeStyle = colors.border;
  context.beginPath();
  context.moveTo(0, height - 0.5);
  context.lineTo(width, height - 0.5);
  context.stroke();
  for (const tick of frame.ticks) {
    const x = Math.round(tick.x) + 0.5;
    context.strokeStyle = colors.textMuted;
    context.beginPath();
    context.moveTo(x, height - 6);
    context.lineTo(x, height);
    context.stroke();
    context.fillStyle = colors.textMuted;
    const labelWidth = context.measureText(tick.label).width;
    context.fillText(tick.label, Math.min(Math.max(2, x + 3), width - labelWidth - 2), height / 2 - 2);
  }
  if (frame.nowX !== null && frame.nowX >= 0 && frame.nowX <= width) {
    context.fillStyle = colors.now;
    context.beginPath();
    context.moveTo(frame.nowX - 4, height - 6);
    context.lineTo(frame.nowX + 4, height - 6);
    context.lineTo(frame.nowX, height);
    context.fill();
  }
}
