import type { NodeFileContent } from '../../../../shared/run-data';

/** A file loaded whole, and the version of the file it was loaded from. */
export interface WholeFile {
  version: string;
  content: unknown;
}

/**
 * Which version of a long file this is: a running node rewrites its files, and a copy loaded whole
 * from an earlier version must not stand in for the new one.
 */
export function fileVersion(file: NodeFileContent): string {
  return file.long ? `${file.long.totalBytes}\u0000${file.long.preview}` : '';
}

/** A node file as the view uses it: one loaded whole in the window counts as parsed. */
export function withWhole(
  file: NodeFileContent | null,
  whole: Record<string, WholeFile>,
): NodeFileContent | null {
  if (!file?.long || !Object.hasOwn(whole, file.name)) return file;
  const loaded = whole[file.name];
  if (loaded?.version !== fileVersion(file)) return file;
  return { ...file, content: loaded.content, long: null };
}
