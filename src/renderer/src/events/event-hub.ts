import type { DadApi } from '../../../shared/contract';
import type { RunEvent } from '../../../shared/run-events';
import { useLiveRunStore } from '../stores/live-run-store';
import { useProjectStore } from '../stores/project-store';
import { useIndexingStore } from '../stores/indexing-store';
import { deliverCommand } from '../features/commands/command-inbox';
import { FrameBatcher } from './frame-batcher';

/**
 * Routes every pushed batch to its store: runs and project changes at once, the open run's events
 * through a buffer applied once per animation frame. Returns the function that stops it.
 */
export function routePushedEvents(api: DadApi): () => void {
  const batcher = new FrameBatcher<RunEvent>((events) => useLiveRunStore.getState().applyEvents(events));
  let openRunId = useLiveRunStore.getState().run?.runId ?? null;
  const stopWatchingStore = useLiveRunStore.subscribe((state) => {
    const runId = state.run?.runId ?? null;
    if (runId === openRunId) return;
    openRunId = runId;
    batcher.clear();
  });
  const stopListening = api.onEvents((batch) => {
    for (const event of batch.events) {
      switch (event.type) {
        case 'runs.changed':
          useProjectStore.getState().applyRunsChanged(event.runs);
          break;
        case 'project.changed':
          useProjectStore.getState().setProject(event.project);
          break;
        case 'run.events':
          if (event.runId === openRunId) batcher.push(event.events);
          break;
        case 'run.indexing':
          useIndexingStore.getState().update(event.runId, event.indexing);
          break;
        case 'app.command':
          deliverCommand(event.command);
          break;
      }
    }
  });
  return () => {
    stopListening();
    stopWatchingStore();
    batcher.clear();
  };
}
