import { z } from 'zod';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the main window between starts (`userData/window-state.json`). */
export const savedWindowStateSchema = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    isMaximized: z.boolean(),
  })
  .strict();
export type SavedWindowState = z.infer<typeof savedWindowStateSchema>;

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 };
export const MIN_WINDOW_SIZE = { width: 720, height: 480 };

/** How much of the window's top edge (its title bar) must be on a display for the user to grab it. */
const GRAB_WIDTH = 100;
const TITLE_BAR_HEIGHT = 32;

/**
 * Where the window opens: where it was, when its title bar is still on one of the displays (work
 * areas, the primary first), no larger than that display; otherwise (a first start, an unplugged
 * monitor) the remembered or default size, centred on the primary display.
 */
export function restoredBounds(
  saved: SavedWindowState | null,
  displayWorkAreas: readonly Bounds[],
): { bounds: Bounds; isMaximized: boolean } {
  const isMaximized = saved?.isMaximized ?? false;
  const size = saved ?? DEFAULT_WINDOW_SIZE;
  const home = saved ? displayWorkAreas.find((area) => titleBarIsOn(saved, area)) : undefined;
  if (saved && home) {
    return { bounds: { x: saved.x, y: saved.y, ...fitSize(size, home) }, isMaximized };
  }
  const primary = displayWorkAreas[0];
  if (!primary) return { bounds: { x: 0, y: 0, ...fitSize(size, null) }, isMaximized };
  const fitted = fitSize(size, primary);
  return { bounds: { ...centredIn(primary, fitted), ...fitted }, isMaximized };
}

function titleBarIsOn(window: Bounds, area: Bounds): boolean {
  const overlap = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const topInside = window.y >= area.y && window.y + TITLE_BAR_HEIGHT <= area.y + area.height;
  return topInside && overlap >= Math.min(GRAB_WIDTH, window.width);
}

function fitSize(size: { width: number; height: number }, area: Bounds | null) {
  const limit = (value: number, min: number, max: number) => Math.max(min, Math.min(value, max));
  return {
    width: limit(size.width, MIN_WINDOW_SIZE.width, area?.width ?? size.width),
    height: limit(size.height, MIN_WINDOW_SIZE.height, area?.height ?? size.height),
  };
}

function centredIn(area: Bounds, size: { width: number; height: number }) {
  return {
    x: area.x + Math.round((area.width - size.width) / 2),
    y: area.y + Math.round((area.height - size.height) / 2),
  };
}
