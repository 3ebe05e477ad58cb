import { app, dialog, Notification, type BrowserWindow } from 'electron';
import type { DesktopShell } from '../service/desktop-shell';
import { openDialogOptions } from './open-dialog-options';
import { runNotificationContent } from './run-notification';

const MAX_HELD_NOTIFICATIONS = 20;

/**
 * The service's desktop side in Electron: native open dialogs on the main window, OS notifications
 * while the window is in the background (a click brings it forward on that run), the running-runs
 * badge.
 */
export function nativeDesktopShell(options: {
  mainWindow: () => BrowserWindow | null;
  /** Brings the window to the front (creating it when it was closed) and opens the run. */
  openRun: (run: { runId: string; projectRoot: string }) => void;
}): DesktopShell {
  // Electron drops a notification's click handler when nothing holds it: hold each until it is done.
  const shown = new Set<Notification>();
  return {
    async choosePath(kind) {
      const window = options.mainWindow();
      const chosen = window
        ? await dialog.showOpenDialog(window, openDialogOptions(kind))
        : await dialog.showOpenDialog(openDialogOptions(kind));
      return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
    },
    runNotice(notice) {
      if (!Notification.isSupported() || options.mainWindow()?.isFocused()) return;
      const notification = new Notification(runNotificationContent(notice));
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        options.openRun(notice);
      });
      notification.on('close', () => shown.delete(notification));
      notification.on('failed', () => shown.delete(notification));
      // Ones left in the notification centre are let go, oldest first, beyond a few.
      for (const old of shown) {
        if (shown.size <= MAX_HELD_NOTIFICATIONS) break;
        shown.delete(old);
      }
      notification.show();
    },
    runningCount(count) {
      // Counts on the dock (macOS) and the launcher (Unity); other systems have no badge.
      app.setBadgeCount(count);
    },
  };
}
