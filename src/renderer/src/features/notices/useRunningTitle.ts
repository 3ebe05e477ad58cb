import { useEffect } from 'react';
import { useProjectStore } from '../../stores/project-store';
import { PRODUCT_NAME } from '../shell/AppHeader';
import { titleWithRunning } from './notice-text';

/** Keeps the number of the open project's running runs in the window's title, as a badge. */
export function useRunningTitle(): void {
  const running = useProjectStore((state) =>
    state.project ? state.runs.filter((run) => run.status === 'running').length : 0,
  );
  useEffect(() => {
    document.title = titleWithRunning(PRODUCT_NAME, running);
  }, [running]);
}
