import { useEffect, useState } from 'react';
import { desktopBridge } from '../bridge';
import type { AppInfo, IpcError } from '../bridge';

export type AppInfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; error: IpcError }
  | { status: 'no-bridge' };

export function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>(() =>
    desktopBridge() ? { status: 'loading' } : { status: 'no-bridge' },
  );

  useEffect(() => {
    const bridge = desktopBridge();
    if (!bridge) return;
    let current = true;
    bridge
      .appInfo()
      .then((result) => {
        if (!current) return;
        setState(
          result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error },
        );
      })
      .catch((error: unknown) => {
        if (!current) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ status: 'failed', error: { code: 'ipc_failed', message } });
      });
    return () => {
      current = false;
    };
  }, []);

  return state;
}
