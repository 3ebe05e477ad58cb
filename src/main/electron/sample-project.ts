import { existsSync } from 'node:fs';
import { cp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder name of the sample project, in `resources/` and in a packaged app's resources. */
const SAMPLE_PROJECT = 'sample-project';

/**
 * Where the bundled sample project is: in a packaged app, beside the app in its resources folder
 * (electron-builder's `extraResources`), since the source tree is not shipped; otherwise in the
 * source tree's `resources/`, two folders up from the built main bundle (`out/main/`).
 */
export function sampleProjectPath(options: {
  isPackaged: boolean;
  resourcesPath: string;
  mainDir: string;
}): string {
  return options.isPackaged
    ? join(options.resourcesPath, SAMPLE_PROJECT)
    : join(options.mainDir, '..', '..', 'resources', SAMPLE_PROJECT);
}

/**
 * The sample project a packaged app opens: the user's own copy in `userData`, made from the shipped
 * one on first use, since runs are written inside the project and an installed app's resources are
 * read-only (an AppImage's are a read-only mount). An existing copy is kept, with its runs.
 */
export async function writableSampleProject(shipped: string, userDataDir: string): Promise<string> {
  const copy = sampleProjectCopy(userDataDir);
  if (existsSync(copy)) return copy;
  // A copy an earlier start did not finish (it was killed mid-way) is removed, not left to pile up.
  for (const name of await readdir(userDataDir).catch(() => [] as string[])) {
    if (name.startsWith(`${SAMPLE_PROJECT}.`) && name.endsWith('.partial'))
      await rm(join(userDataDir, name), { recursive: true, force: true });
  }
  // Copied beside, then renamed: a copy cut short is never mistaken for a whole one.
  const partial = `${copy}.${process.pid}.partial`;
  await cp(shipped, partial, { recursive: true, filter: (source) => source !== join(shipped, 'runs') });
  await rename(partial, copy);
  return copy;
}

/** Where a packaged app keeps the user's copy of the sample project. */
export function sampleProjectCopy(userDataDir: string): string {
  return join(userDataDir, SAMPLE_PROJECT);
}
