import { join } from 'node:path';
import { app, BrowserWindow, dialog, session, utilityProcess } from 'electron';
import type { AppCommand } from '../shared/contract';
import { showAboutDialog } from './electron/about-dialog';
import { installApplicationMenu } from './electron/application-menu-installer';
import { openPathFromArgv } from './electron/command-line';
import { contentSecurityPolicy } from './electron/content-security-policy';
import { createValidatedIpc, ourWindowSenderJudge, type ValidatedIpc } from './electron/ipc';
import { nativeDesktopShell } from './electron/native-desktop-shell';
import { rendererLocationFor } from './electron/renderer-location';
import { sampleProjectCopy, sampleProjectPath, writableSampleProject } from './electron/sample-project';
import { guardWebContents, hardenSession } from './electron/security';
import { connectWindowToService } from './electron/service-ipc';
import { claimSingleInstance } from './electron/single-instance';
import { utilityRunProcessLauncher } from './electron/utility-run-process';
import { createMainWindow } from './electron/window';
import { initialWindowPlacement, rememberWindowState } from './electron/window-state-keeper';
import { InspectorService } from './service/inspector-service';
import { childEntry } from './run-host/child-entry';

const location = rendererLocationFor({
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  isPackaged: app.isPackaged,
  builtIndexHtmlPath: join(import.meta.dirname, '../renderer/index.html'),
});
// A sandboxed preload cannot be an ES module, so the preload is built as CommonJS.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const shippedSampleProject = sampleProjectPath({
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  mainDir: import.meta.dirname,
});
// A packaged app's resources are read-only: its sample project runs from the user's own copy.
const sampleProject = app.isPackaged ? sampleProjectCopy(app.getPath('userData')) : shippedSampleProject;
const appInfo = { name: app.getName(), version: app.getVersion(), platform: process.platform };

let mainWindow: BrowserWindow | null = null;
let ipc: ValidatedIpc | null = null;
/** Set once the window and IPC exist: a path given before then waits in `pathBeforeStart`. */
let started = false;
let pathBeforeStart: string | null = null;

const service = new InspectorService({
  appInfo,
  desktop: nativeDesktopShell({
    mainWindow: () => mainWindow,
    openRun: ({ runId, projectRoot }) => deliverCommand({ name: 'open-run', runId, projectRoot }),
  }),
  sampleProjectPath: sampleProject,
  recentProjectsFile: join(app.getPath('userData'), 'recent-projects.json'),
  importsDir: join(app.getPath('userData'), 'imported-traces'),
  // Saved run indexes and the runs list's facts: rebuilt from the runs' files whenever they differ.
  cacheDir: join(app.getPath('userData'), 'run-cache'),
  // Agents run in utility processes, so a busy or crashing agent never stalls this process.
  runs: {
    launch: utilityRunProcessLauncher(utilityProcess.fork, childEntry().file),
  },
});
const windowStateFile = join(app.getPath('userData'), 'window-state.json');

function openMainWindow(): BrowserWindow {
  const window = createMainWindow({
    preloadPath,
    location,
    placement: initialWindowPlacement(windowStateFile),
  });
  rememberWindowState(window, windowStateFile);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  if (ipc) {
    ipc.removeAll();
    connectWindowToService(ipc, service, window);
  }
  return window;
}

/** The main window in front of the user: restored, shown and focused (opened again if it was closed). */
function bringWindowForward(): BrowserWindow {
  const window = mainWindow ?? openMainWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return window;
}

/** Asks the window to do something, once its page is there to hear it. */
function deliverCommand(command: AppCommand): void {
  const window = bringWindowForward();
  if (window.webContents.isLoading()) {
    window.webContents.once('did-finish-load', () => service.sendCommand(command));
  } else {
    service.sendCommand(command);
  }
}

/**
 * Opens a path given to the app from outside (a second start, Finder, the command line). Until the
 * app has started (its window and IPC exist), the path waits and is opened at start; afterwards the
 * window opens it as if typed, so a run's folder or a trace file opens on its run, and a failure is
 * shown where it opens.
 */
function openFromOutside(path: string | null): void {
  if (!started) {
    pathBeforeStart = path ?? pathBeforeStart;
    return;
  }
  if (path === null) bringWindowForward();
  else deliverCommand({ name: 'open-path', path });
}

function showOpenError(path: string, error: unknown): void {
  dialog.showErrorBox(appInfo.name, `Could not open ${path}:\n\n${(error as Error).message}`);
}

if (!claimSingleInstance(openFromOutside)) {
  // Another instance is running: it was handed this start's path and comes to the front.
  app.quit();
} else {
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
    .then(async () => {
      if (app.isPackaged) {
        await writableSampleProject(shippedSampleProject, app.getPath('userData')).catch((error: unknown) =>
          console.error(`could not copy the sample project to ${sampleProject}:`, error),
        );
      }
      hardenSession(session.defaultSession, contentSecurityPolicy(location));
      ipc = createValidatedIpc(ourWindowSenderJudge(() => mainWindow, location));
      installApplicationMenu(service, {
        appName: appInfo.name,
        isDevelopment: !app.isPackaged,
        sampleProjectPath: sampleProject,
        send: deliverCommand,
        showAbout: () => showAboutDialog(mainWindow, appInfo),
      });
      const startPath =
        openPathFromArgv(process.argv, process.cwd(), { isPackaged: app.isPackaged }) ?? pathBeforeStart;
      service
        .openProject(startPath ?? sampleProject)
        .then((project) => {
          // A run's folder or a trace file opens on its run, once the window is there to show it.
          if (project.openedRunId) deliverCommand({ name: 'open-run', runId: project.openedRunId });
        })
        .catch((error: unknown) => {
          // A path the user gave deserves an answer; the window offers the project picker after it.
          if (startPath) showOpenError(startPath, error);
          else console.error('could not open the sample project:', error);
        });
      openMainWindow();
      started = true;
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('DAD Run Inspector failed to start:', error);
      app.exit(1);
    });
}
