import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installApi } from './api/api-client';
import { connectApi } from './api/transport';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { routePushedEvents } from './events/event-hub';
import { startThemeSync } from './hooks/useResolvedTheme';
import { useConnectionStore } from './stores/connection-store';
import { useProjectStore } from './stores/project-store';
import { useViewStore } from './stores/view-store';
import './styles/theme.css';
import './styles/app.css';
import './styles/controls.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no element with id "root" to render the window into');

startThemeSync();

const connection = connectApi();
installApi(connection.api);
routePushedEvents(connection.api);

const connectionStore = useConnectionStore.getState();
connectionStore.setKind(connection.kind);
connectionStore.setStatus(connection.status());
connection.onStatus((status) => useConnectionStore.getState().setStatus(status));

// On every (re)connection, pick up the project the service has open, or reopen ours.
let restoredFor = 0;
const restore = (generation: number) => {
  if (generation === 0 || generation === restoredFor) return;
  restoredFor = generation;
  void useProjectStore
    .getState()
    .restoreProject()
    .then(() => {
      if (
        useProjectStore.getState().project &&
        useViewStore.getState().screen === 'project' &&
        generation === 1
      ) {
        useViewStore.getState().showScreen('runs');
      }
    });
};
restore(useConnectionStore.getState().generation);
useConnectionStore.subscribe((state) => restore(state.generation));

createRoot(container).render(
  <StrictMode>
    <ErrorBoundary area="the window">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
