import type { AppInfoState } from './useAppInfo';

export function AppInfoLine({ state }: { state: AppInfoState }) {
  switch (state.status) {
    case 'loading':
      return (
        <span className="app-info" data-testid="app-info" data-state="loading">
          Connecting…
        </span>
      );
    case 'ready':
      return (
        <span className="app-info" data-testid="app-info" data-state="ready">
          <span data-testid="app-info-name">{state.info.name}</span>
          <span className="app-info__sep" aria-hidden="true">
            ·
          </span>
          <span data-testid="app-info-version">v{state.info.version}</span>
          <span className="app-info__sep" aria-hidden="true">
            ·
          </span>
          <span data-testid="app-info-platform">{state.info.platform}</span>
        </span>
      );
    case 'failed':
      return (
        <span className="app-info app-info--error" data-testid="app-info" data-state="failed" role="alert">
          Could not read the app info ({state.error.code}): {state.error.message}
        </span>
      );
  }
}
