import type { OutgoingChildMessage } from './protocol';

/** The child's end of the channel to the service. */
export interface ParentChannel {
  send(message: OutgoingChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (it crashed or was killed): nobody will read this run's messages. */
  onParentGone(listener: () => void): void;
}

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Electron's utility process talks through `process.parentPort`; a forked child through IPC. */
export function parentChannel(): ParentChannel {
  const port = (process as { parentPort?: UtilityParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      // Electron ends a utility process with the app that made it.
      onParentGone: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('the run host child was started without a channel to its parent');
  return {
    send: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => process.on('message', listener),
    onParentGone: (listener) => process.on('disconnect', listener),
  };
}
