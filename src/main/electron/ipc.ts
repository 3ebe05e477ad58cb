import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import type { RendererLocation } from './renderer-location';
import { judgeSender } from './sender-trust';
import { assertDadChannel, runValidatedCall } from '../service/validated-call';
import type { SenderVerdict } from '../service/validated-call';

export type CallHandler<Schema extends z.ZodType, Value> = (
  payload: z.output<Schema>,
) => Value | Promise<Value>;

export interface ValidatedIpc {
  /**
   * Answers `channel` with `handler`, but only for a trusted sender and a payload that `schema`
   * accepts; the window always gets a `Result`, never a thrown error.
   */
  handleValidated<Schema extends z.ZodType, Value>(
    channel: string,
    schema: Schema,
    handler: CallHandler<Schema, Value>,
  ): void;
  /** Removes every handler registered through this object. */
  removeAll(): void;
}

export function createValidatedIpc(judge: (event: IpcMainInvokeEvent) => SenderVerdict): ValidatedIpc {
  const registered = new Set<string>();
  return {
    handleValidated(channel, schema, handler) {
      assertDadChannel(channel);
      ipcMain.handle(channel, (event, ...args: unknown[]) =>
        runValidatedCall({ channel, sender: judge(event), args, schema, handler }),
      );
      registered.add(channel);
    },
    removeAll() {
      for (const channel of registered) ipcMain.removeHandler(channel);
      registered.clear();
    },
  };
}

/** Trusts only the main frame of the window `currentWindow()` returns, showing our renderer. */
export function ourWindowSenderJudge(
  currentWindow: () => BrowserWindow | null,
  location: RendererLocation,
): (event: IpcMainInvokeEvent) => SenderVerdict {
  return (event) => {
    const window = currentWindow();
    const frame = event.senderFrame;
    return judgeSender(
      {
        fromOurWindow: window !== null && !window.isDestroyed() && event.sender.id === window.webContents.id,
        frame: frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null },
      },
      location,
    );
  };
}
