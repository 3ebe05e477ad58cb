import { screen, type BrowserWindow } from 'electron';
import { restoredBounds, type Bounds } from './window-state';
import { readWindowState, writeWindowState } from './window-state-file';

const SAVE_DELAY_MS = 500;

/** Where the main window opens: as the remembered state says, if it still fits today's displays. */
export function initialWindowPlacement(file: string): { bounds: Bounds; isMaximized: boolean } {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const saved = readWindowState(file, (message) => console.warn(message));
  return restoredBounds(
    saved,
    [primary, ...others].map((display) => display.workArea),
  );
}

/** Remembers the window's size, position and maximized state: a moment after it moves, and as it closes. */
export function rememberWindowState(window: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    // Full screen is not a size to come back to; the size before it is kept.
    if (window.isDestroyed() || window.isFullScreen()) return;
    try {
      // The normal bounds, so that un-maximizing after the next start returns to them.
      const { x, y, width, height } = window.getNormalBounds();
      writeWindowState(file, { x, y, width, height, isMaximized: window.isMaximized() });
    } catch (error) {
      console.warn(`Could not save the window state to ${file}: ${(error as Error).message}`);
    }
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
}
