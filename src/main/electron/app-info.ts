import { app } from 'electron';
import { z } from 'zod';
import { channels } from '../../preload/dad-api';
import type { AppInfo } from '../../preload/dad-api';
import type { ValidatedIpc } from './ipc';

export function appInfo(): AppInfo {
  return { name: app.getName(), version: app.getVersion(), platform: process.platform };
}

export function registerAppInfoCall(ipc: ValidatedIpc): void {
  ipc.handleValidated(channels.appInfo, z.undefined(), appInfo);
}
