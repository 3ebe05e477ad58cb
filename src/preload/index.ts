import { contextBridge, ipcRenderer } from 'electron';
import { channels } from './dad-api';
import type { Channel, DadApi, Result } from './dad-api';

/** Sends one call; a failure of the bridge itself also comes back as data. */
async function call<T>(channel: Channel, ...payload: [] | [unknown]): Promise<Result<T>> {
  try {
    // The main side answers every channel with a Result (see src/main/electron/ipc.ts).
    return (await ipcRenderer.invoke(channel, ...payload)) as Result<T>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'ipc_failed', message: `${channel}: ${message}` } };
  }
}

const api: DadApi = {
  appInfo: () => call(channels.appInfo),
};

contextBridge.exposeInMainWorld('dad', api);
