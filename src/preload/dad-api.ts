/**
 * The window's API: the one object the preload exposes as `window.dad`, the channel of each call and
 * the types that cross the boundary. Types and constants only, so main, preload and window can share
 * it; it moves into the shared contract module when that exists.
 */

/** Every channel this app uses starts with this prefix; the main side refuses any other. */
export const CHANNEL_PREFIX = 'dad:';

export const channels = {
  appInfo: 'dad:app.info',
} as const;

export type Channel = (typeof channels)[keyof typeof channels];

export type IpcErrorCode =
  /** The channel does not carry the app's prefix. */
  | 'bad_channel'
  /** The message came from a frame that is not our window's main frame showing our renderer. */
  | 'untrusted_sender'
  /** The payload did not match the call's schema. */
  | 'invalid_payload'
  /** The bridge itself failed (no handler, the main process went away). */
  | 'ipc_failed'
  /** The handler failed without a more specific code. */
  | 'internal_error'
  /** Codes that handlers raise themselves (for example the engine's `EngineErrorCode`). */
  | (string & {});

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/** What every call answers: errors travel as data, never as thrown exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface AppInfo {
  /** The application's name as Electron knows it. */
  name: string;
  version: string;
  /** `process.platform` of the main process, e.g. `linux`, `darwin`, `win32`. */
  platform: string;
}

/** The object the preload exposes as `window.dad`. */
export interface DadApi {
  appInfo(): Promise<Result<AppInfo>>;
}
