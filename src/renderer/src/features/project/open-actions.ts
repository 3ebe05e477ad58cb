import type { OpenKind } from '../../../../shared/contract';
import type { UploadableFile } from '../../api/trace-upload';
import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';

/** Opens a folder or file by its path (typed, a suggestion, dropped on the desktop app). */
export async function openPath(path: string): Promise<boolean> {
  const trimmed = path.trim();
  if (!trimmed) return false;
  return showOpened(await useProjectStore.getState().openProject(trimmed));
}

/** The desktop app's open dialog for a project folder or a trace file. */
export async function openChosen(kind: OpenKind): Promise<boolean> {
  return showOpened(await useProjectStore.getState().chooseAndOpen(kind));
}

/** A trace file a browser window holds (dropped or picked): uploaded, then opened. */
export async function openUploaded(file: UploadableFile): Promise<boolean> {
  return showOpened(await useProjectStore.getState().uploadAndOpen(file));
}

/** After any opening: a run's folder or a trace file shows its run, a project its runs. */
function showOpened(opened: boolean): boolean {
  if (!opened) return false;
  const runId = useProjectStore.getState().project?.openedRunId;
  if (runId) useViewStore.getState().openRun(runId);
  else useViewStore.getState().showScreen('runs');
  return true;
}
