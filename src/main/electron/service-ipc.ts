import type { BrowserWindow } from 'electron';
import { calls, EVENT_CHANNEL, type CallName } from '../../shared/contract';
import type { InspectorService, Session } from '../service/inspector-service';
import type { ValidatedIpc } from './ipc';

/**
 * Connects the window to the service: every contract call through the validated IPC wrapper, and
 * pushed event batches to the window while it lives (never to a destroyed one).
 */
export function connectWindowToService(
  ipc: ValidatedIpc,
  service: InspectorService,
  window: BrowserWindow,
): void {
  const session: Session = service.connect((batch) => {
    if (!window.isDestroyed() && !window.webContents.isDestroyed())
      window.webContents.send(EVENT_CHANNEL, batch);
  });
  window.on('closed', () => service.disconnect(session));
  for (const name of Object.keys(calls) as CallName[]) {
    const spec = calls[name];
    const handler = service.handlers[name] as (payload: unknown, session: Session) => unknown;
    ipc.handleValidated(spec.channel, spec.payload, (payload) => handler(payload, session));
  }
}
