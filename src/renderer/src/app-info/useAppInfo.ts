import { useEffect, useState } from 'react';
import type { AppInfo, CallError } from '../../../shared/contract';
import { request } from '../api/api-client';
import { useConnectionStore } from '../stores/connection-store';

export type AppInfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; error: CallError };

/** The app's name, version and platform, asked once connected. */
export function useAppInfo(): AppInfoState {
  const generation = useConnectionStore((state) => state.generation);
  const [state, setState] = useState<AppInfoState>({ status: 'loading' });

  useEffect(() => {
    if (generation === 0) return;
    let current = true;
    void request('appInfo', undefined).then((result) => {
      if (!current) return;
      setState(
        result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [generation]);

  return state;
}
