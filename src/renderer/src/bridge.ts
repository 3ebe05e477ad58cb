/**
 * The window's view of `window.dad`, the object the preload exposes. These types mirror
 * src/preload/dad-api.ts because tsconfig.web.json cannot include preload files; both give way to
 * the shared contract module.
 */

export interface IpcError {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

export interface DadApi {
  appInfo(): Promise<Result<AppInfo>>;
}

declare global {
  interface Window {
    /** Absent when the page is opened outside the desktop app. */
    dad?: DadApi;
  }
}

export function desktopBridge(): DadApi | undefined {
  return window.dad;
}
