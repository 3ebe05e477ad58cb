import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { registerAppInfoCall } from './electron/app-info';
import { contentSecurityPolicy } from './electron/content-security-policy';
import { createValidatedIpc, ourWindowSenderJudge } from './electron/ipc';
import { rendererLocationFor } from './electron/renderer-location';
import { guardWebContents, hardenSession } from './electron/security';
import { createMainWindow } from './electron/window';

const location = rendererLocationFor({
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  isPackaged: app.isPackaged,
  builtIndexHtmlPath: join(import.meta.dirname, '../renderer/index.html'),
});
// A sandboxed preload cannot be an ES module, so the preload is built as CommonJS.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

let mainWindow: BrowserWindow | null = null;

function openMainWindow(): void {
  const window = createMainWindow({ preloadPath, location });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app
  .whenReady()
  .then(() => {
    hardenSession(session.defaultSession, contentSecurityPolicy(location));
    const ipc = createValidatedIpc(ourWindowSenderJudge(() => mainWindow, location));
    registerAppInfoCall(ipc);
    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  })
  .catch((error: unknown) => {
    console.error('DAD Run Inspector failed to start:', error);
    app.exit(1);
  });
