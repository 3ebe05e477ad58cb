import type { RunNotice } from '../../../../shared/contract';
import { useNoticeStore } from '../../stores/notice-store';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';

/**
 * Opens the run a notice is about; the run view shows its input form when it waits for one. The
 * run may belong to another project than the one open now: that project opens first, and when it
 * cannot, the window says so rather than look for the run where it is not.
 */
export async function openNoticeRun(notice: Pick<RunNotice, 'runId' | 'projectRoot'>): Promise<void> {
  const projects = useProjectStore.getState();
  if (projects.project?.root !== notice.projectRoot) {
    const opened = await projects.openProject(notice.projectRoot);
    if (!opened) {
      const why = useProjectStore.getState().openError?.message;
      useNoticeStore
        .getState()
        .inform(
          `Could not open ${notice.runId}: its project ${notice.projectRoot} did not open${why ? ` (${why})` : ''}.`,
        );
      return;
    }
  }
  useViewStore.getState().openRun(notice.runId);
}
