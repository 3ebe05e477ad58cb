import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  calls,
  EVENT_CHANNEL,
  type CallName,
  type DadApi,
  type EventBatch,
  type Result,
} from '../shared/contract';

/** Sends one call; a failure of the bridge itself also comes back as data. */
async function call(channel: string, payload: unknown): Promise<Result<unknown>> {
  try {
    const args = payload === undefined ? [] : [payload];
    // The main side answers every channel with a Result (see src/main/electron/ipc.ts).
    return (await ipcRenderer.invoke(channel, ...args)) as Result<unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'ipc_failed', message: `${channel}: ${message}` } };
  }
}

// One named method per contract call; there is no generic invoke for the window to misuse.
const methods = Object.fromEntries(
  (Object.keys(calls) as CallName[]).map((name) => [
    name,
    (payload?: unknown) => call(calls[name].channel, payload),
  ]),
);

const api = {
  ...methods,
  onEvents(listener: (batch: EventBatch) => void) {
    const handler = (_event: IpcRendererEvent, batch: EventBatch) => listener(batch);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  pathForDroppedFile(file: File): string | null {
    // Empty for a file that is not on disk (text dragged from another app, a file made in the page).
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
  },
} as DadApi;

contextBridge.exposeInMainWorld('dad', api);
