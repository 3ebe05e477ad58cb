import { join } from 'node:path';
import { app, BrowserWindow, session, utilityProcess } from 'electron';
import { contentSecurityPolicy } from './electron/content-security-policy';
import { createValidatedIpc, ourWindowSenderJudge, type ValidatedIpc } from './electron/ipc';
import { rendererLocationFor } from './electron/renderer-location';
import { guardWebContents, hardenSession } from './electron/security';
import { connectWindowToService } from './electron/service-ipc';
import { utilityRunProcessLauncher } from './electron/utility-run-process';
import { createMainWindow } from './electron/window';
import { InspectorService } from './service/inspector-service';
import { childEntry } from './run-host/child-entry';

const location = rendererLocationFor({
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  isPackaged: app.isPackaged,
  builtIndexHtmlPath: join(import.meta.dirname, '../renderer/index.html'),
});
// A sandboxed preload cannot be an ES module, so the preload is built as CommonJS.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

// The sample project ships beside the app; a project can also be named on the command line.
const sampleProject = join(import.meta.dirname, '../../resources/sample-project');
const service = new InspectorService({
  appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
  sampleProjectPath: sampleProject,
  recentProjectsFile: join(app.getPath('userData'), 'recent-projects.json'),
  importsDir: join(app.getPath('userData'), 'imported-traces'),
  // Agents run in utility processes, so a busy or crashing agent never stalls this process.
  runs: {
    launch: utilityRunProcessLauncher(utilityProcess.fork, childEntry().file),
  },
});

let mainWindow: BrowserWindow | null = null;
let ipc: ValidatedIpc | null = null;

function openMainWindow(): void {
  const window = createMainWindow({ preloadPath, location });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  if (ipc) {
    ipc.removeAll();
    connectWindowToService(ipc, service, window);
  }
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
app.on('before-quit', () => {
  void service.shutdown();
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app
  .whenReady()
  .then(() => {
    hardenSession(session.defaultSession, contentSecurityPolicy(location));
    ipc = createValidatedIpc(ourWindowSenderJudge(() => mainWindow, location));
    const projectArg = process.argv.find((arg) => arg.startsWith('--project-root='));
    void service
      .openProject(projectArg ? projectArg.slice('--project-root='.length) : sampleProject)
      .catch((error: unknown) => console.error('could not open the start-up project:', error));
    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  })
  .catch((error: unknown) => {
    console.error('DAD Run Inspector failed to start:', error);
    app.exit(1);
  });
