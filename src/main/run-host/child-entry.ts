import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file a run's child process starts from, and the Node options it needs to load it. */
export interface ChildEntry {
  file: string;
  execArgv: string[];
}

const BUNDLED_ENTRY = 'run-host-child.js';

/**
 * From source (dad serve, tests), the child starts from a small bootstrap that loads this folder's
 * TypeScript entry through jiti, as bin/dad.mjs loads the command line (jiti's register hook would
 * also compile every dependency as it loads, seconds per run); in the built app it is the bundled
 * file beside the main bundle (`out/main/run-host-child.js`).
 */
export function childEntry(): ChildEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return { file: join(dirname(here), 'child-bootstrap.mjs'), execArgv: [] };
  }
  return { file: bundledEntry(dirname(here)), execArgv: [] };
}

/** The main bundle may sit in a chunks folder below `out/main/`. */
function bundledEntry(dir: string): string {
  const candidates = [join(dir, BUNDLED_ENTRY), join(dirname(dir), BUNDLED_ENTRY)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      `the run host's entry ${BUNDLED_ENTRY} is missing beside ${basename(dir)}/: rebuild the app`,
    );
  }
  return found;
}
