import { currentApi } from '../../api/api-client';
import { useProjectStore } from '../../stores/project-store';
import { openPath, openUploaded } from '../project/open-actions';
import { describeIgnored, planDrop, type DroppedItem } from './drop-plan';

/**
 * What was dropped, read while the drop event lasts (the browser empties its DataTransfer after).
 * The desktop app's preload turns each file into its path on disk.
 */
export function droppedItems(transfer: DataTransfer): DroppedItem<File>[] {
  const pathOf = currentApi().pathForDroppedFile;
  const items = Array.from(transfer.items).filter((item) => item.kind === 'file');
  const listed =
    items.length > 0
      ? items.map((item) => ({ file: item.getAsFile(), entry: item.webkitGetAsEntry() }))
      : Array.from(transfer.files, (file) => ({ file, entry: null }));
  return listed.map(({ file, entry }) => ({
    name: file?.name ?? entry?.name ?? '',
    isDirectory: entry?.isDirectory ?? false,
    file,
    path: file && pathOf ? pathOf(file) : null,
  }));
}

/** Opens the first folder or trace file dropped, as a typed path or an upload would. */
export async function openDropped(items: readonly DroppedItem<File>[]): Promise<void> {
  const store = useProjectStore.getState();
  if (store.upload) {
    store.refuseOpening({
      code: 'busy',
      message: `"${store.upload.fileName}" is still uploading: wait for it, or cancel it, then drop again.`,
    });
    return;
  }
  const plan = planDrop(items);
  if (!plan) return;
  if (plan.action === 'refuse') {
    store.refuseOpening({ code: plan.code, message: plan.message });
    return;
  }
  const opened = plan.action === 'open-path' ? await openPath(plan.path) : await openUploaded(plan.file);
  if (opened && plan.ignored.length > 0)
    store.setOpenNote(
      `One thing opens at a time: ${describeIgnored(plan.ignored)} also dropped, not opened.`,
    );
}
