import { useEffect } from 'react';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { isTextField } from '../../hooks/text-field';

/** Shortcuts that work on every screen: help, and moving between screens. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const view = useViewStore.getState();
      if (event.key === 'Escape' && view.helpOpen) {
        event.preventDefault();
        view.setHelpOpen(false);
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const hasProject = useProjectStore.getState().project !== null;
        const screens: Record<string, () => void> = {
          '1': () => view.showScreen('project'),
          '2': () => hasProject && view.showScreen('runs'),
          '3': () => hasProject && view.openLaunch(),
          '4': () => hasProject && view.runId !== null && view.openRun(view.runId),
        };
        const action = screens[event.key];
        if (action) {
          event.preventDefault();
          action();
        }
        return;
      }
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !isTextField(event.target)) {
        event.preventDefault();
        view.setHelpOpen(!view.helpOpen);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
