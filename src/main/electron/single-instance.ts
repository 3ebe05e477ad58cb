import { app } from 'electron';
import { openPathFromArgv } from './command-line';

/**
 * Makes this the app's one instance: a later start (`dad-run-inspector <path>`, a second click on
 * the icon) hands its path to `onOpen` here and exits, as does a file opened through macOS's
 * Finder or dock. Returns false when another instance is running: this one must quit.
 */
export function claimSingleInstance(onOpen: (path: string | null) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv, workingDirectory) => {
    onOpen(openPathFromArgv(argv, workingDirectory, { isPackaged: app.isPackaged }));
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    onOpen(path);
  });
  return true;
}
