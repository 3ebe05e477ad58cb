import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

export interface PreloadRun {
  /** What the preload exposed to the page, by name. */
  exposed: Record<string, Record<string, unknown>>;
  /** The channels and arguments it invoked. */
  invoked: { channel: string; args: unknown[] }[];
}

/**
 * Runs the built preload as a sandboxed window would: a CommonJS script whose `require` knows only
 * 'electron' (here a recording stand-in of its renderer side), with no Node globals.
 */
export function runPreloadInSandbox(file: string, pathForFile: (file: unknown) => string): PreloadRun {
  const exposed: PreloadRun['exposed'] = {};
  const invoked: PreloadRun['invoked'] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = api),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { ok: true, value: null };
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
    webUtils: { getPathForFile: pathForFile },
  };
  const module = { exports: {} };
  const require = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  runInNewContext(
    readFileSync(file, 'utf8'),
    { require, module, exports: module.exports },
    { filename: file },
  );
  return { exposed, invoked };
}
