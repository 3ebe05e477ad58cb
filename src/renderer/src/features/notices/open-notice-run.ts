import { useViewStore } from '../../stores/view-store';

/** Opens a run a notice is about; the run view shows its input form when it waits for one. */
export function openNoticeRun(runId: string): void {
  useViewStore.getState().openRun(runId);
}
