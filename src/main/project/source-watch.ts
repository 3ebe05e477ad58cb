import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** How long the files must stay quiet before a change is told: an editor's save is several events. */
const QUIET_MS = 250;

/**
 * Calls `onChange` once the project's `src/` folder (agents, runners, their helpers) has changed and
 * gone quiet; a `src/` made later is picked up too. Returns the function that stops watching.
 */
export function watchProjectSources(root: string, onChange: () => void): () => void {
  const sourceDir = join(root, 'src');
  let sourceWatcher: FSWatcher | null = null;
  let rootWatcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const changed = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) onChange();
    }, QUIET_MS);
    timer.unref();
  };
  // A watcher that fails (the folder removed, too many watches) is dropped: Refresh still reads afresh.
  const watchSources = () => {
    if (sourceWatcher || !existsSync(sourceDir)) return;
    try {
      sourceWatcher = watch(sourceDir, { recursive: true, persistent: false }, changed);
      sourceWatcher.on('error', () => {
        sourceWatcher?.close();
        sourceWatcher = null;
      });
    } catch {
      sourceWatcher = null;
    }
  };
  watchSources();
  try {
    // The project folder itself, shallowly: to see `src/` made or replaced.
    rootWatcher = watch(root, { persistent: false }, (_event, name) => {
      if (name !== 'src') return;
      sourceWatcher?.close();
      sourceWatcher = null;
      watchSources();
      changed();
    });
    rootWatcher.on('error', () => rootWatcher?.close());
  } catch {
    rootWatcher = null;
  }

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    sourceWatcher?.close();
    rootWatcher?.close();
  };
}
