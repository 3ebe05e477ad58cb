import { BrowserWindow, dialog, nativeTheme } from 'electron';
import type { RendererLocation } from './renderer-location';
import { MIN_WINDOW_SIZE, type Bounds } from './window-state';

/** The same colours as the window's CSS `--bg`, so the window does not flash before the page paints. */
const BACKGROUND = { light: '#f7f7f8', dark: '#17181c' };

export function createMainWindow(options: {
  preloadPath: string;
  location: RendererLocation;
  placement: { bounds: Bounds; isMaximized: boolean };
}): BrowserWindow {
  const window = new BrowserWindow({
    ...options.placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'DAD Run Inspector',
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open links in new windows (auxclick bypasses the window-open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => {
    if (options.placement.isMaximized) window.maximize();
    window.show();
  });
  window.loadURL(options.location.url.href).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`The window could not load ${options.location.url.href}: ${message}`);
    dialog.showErrorBox('DAD Run Inspector', `The window could not load its page.\n\n${message}`);
    window.show();
  });
  return window;
}
