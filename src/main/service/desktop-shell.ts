import type { OpenKind, RunNotice } from '../../shared/contract';

/**
 * What only the desktop app can do, given to the service by the Electron main process; `dad serve`
 * gives none, and the browser window uses its own fallbacks (a path field, in-window notices).
 */
export interface DesktopShell {
  /** Shows the native open dialog; the chosen path, or null when the user cancelled. */
  choosePath(kind: OpenKind): Promise<string | null>;
  /** A run started from this app ended or waits for input: an OS notification. */
  runNotice(notice: RunNotice): void;
  /** How many runs this app is running now: a badge where the OS has one. */
  runningCount(count: number): void;
}
