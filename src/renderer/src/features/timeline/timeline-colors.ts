/** Canvas colours, read from the theme's CSS variables (a canvas cannot use them directly). */
export interface TimelineColors {
  ok: string;
  error: string;
  running: string;
  unset: string;
  reused: string;
  match: string;
  grid: string;
  now: string;
  selected: string;
  alternate: string;
  text: string;
  textMuted: string;
  border: string;
}

export function readTimelineColors(element: Element): TimelineColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ok: read('--tl-ok', '#4c6ef5'),
    error: read('--tl-error', '#e03131'),
    running: read('--tl-running', '#f08c00'),
    unset: read('--tl-unset', '#868e96'),
    reused: read('--tl-reused', '#adb5bd'),
    match: read('--tl-match', '#fab005'),
    grid: read('--tl-grid', 'rgba(0,0,0,0.08)'),
    now: read('--tl-now', '#2b8a3e'),
    selected: read('--tl-row-selected', 'rgba(59,91,219,0.13)'),
    alternate: read('--tl-row-alt', 'rgba(0,0,0,0.02)'),
    text: read('--tl-text', '#1c1d22'),
    textMuted: read('--text-muted', '#5d606b'),
    border: read('--border', '#dcdde3'),
  };
}

/** `#rrggbb` (or `#rgb`) with an alpha, as `rgba(…)`; other colour forms come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return color;
  if (hex.length === 3) hex = [...hex].map((digit) => digit + digit).join('');
  const value = Number.parseInt(hex, 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
