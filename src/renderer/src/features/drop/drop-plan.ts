import { traceUploadRefusal } from '../../api/trace-upload';

/** One thing dropped on the window, as the drop event told it. */
export interface DroppedItem<F> {
  name: string;
  isDirectory: boolean;
  /** The file itself (a folder's is a placeholder); null when the browser gave none. */
  file: F | null;
  /** Its path on disk: only the desktop app knows it. */
  path: string | null;
}

export type DropPlan<F> =
  | { action: 'open-path'; path: string; ignored: string[] }
  | { action: 'upload'; file: F; ignored: string[] }
  | { action: 'refuse'; code: 'unsupported' | 'not_a_trace'; message: string };

/**
 * What a drop does: with paths (the desktop app), open the first folder or trace file by its path;
 * without, upload the first trace file. One thing opens at a time; the rest is named as ignored.
 * Null when nothing was dropped.
 */
export function planDrop<F extends { name: string; size: number }>(
  items: readonly DroppedItem<F>[],
): DropPlan<F> | null {
  if (items.length === 0) return null;
  const others = (chosen: DroppedItem<F>) => items.filter((item) => item !== chosen).map((item) => item.name);

  const withPaths = items.filter((item): item is DroppedItem<F> & { path: string } => item.path !== null);
  if (withPaths.length > 0) {
    // Opened exactly as the typed path would be: the service names what it cannot open.
    const chosen = withPaths.find((item) => item.isDirectory || isTraceName(item.name)) ?? withPaths[0];
    return { action: 'open-path', path: chosen.path, ignored: others(chosen) };
  }

  const uploadable = items.find(
    (item): item is DroppedItem<F> & { file: F } =>
      !item.isDirectory && item.file !== null && traceUploadRefusal(item.file) === null,
  );
  if (uploadable) return { action: 'upload', file: uploadable.file, ignored: others(uploadable) };

  const more = items.length > 1 ? ` (nor can the ${items.length - 1} other dropped items)` : '';
  const file = items.find((item) => !item.isDirectory && item.file !== null);
  if (file?.file)
    return { action: 'refuse', code: 'not_a_trace', message: `${traceUploadRefusal(file.file)}${more}` };
  const folder = items.find((item) => item.isDirectory) ?? items[0];
  return {
    action: 'refuse',
    code: 'unsupported',
    message: `"${folder.name}" is a folder, and a browser cannot upload folders: paste the folder's path into the path field of the project picker to open it.`,
  };
}

function isTraceName(name: string): boolean {
  return traceUploadRefusal({ name, size: 0 }) === null;
}

/** "a.json", "b.txt" and 3 more: the names of what a drop left unopened. */
export function describeIgnored(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((name) => `"${name}"`);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}
