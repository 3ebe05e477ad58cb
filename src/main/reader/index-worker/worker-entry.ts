import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLED_ENTRY = 'index-worker.js';

/**
 * The file an index worker starts from: from source (dad serve, tests), a small bootstrap that
 * loads the TypeScript entry through jiti; in the built app, the bundled file beside the main
 * bundle (`out/main/index-worker.js`). Null when the built app lacks it (the index is then built
 * on the main thread).
 */
export function indexWorkerEntry(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return join(dirname(here), 'worker-bootstrap.mjs');
  const dir = dirname(here);
  return (
    [join(dir, BUNDLED_ENTRY), join(dirname(dir), BUNDLED_ENTRY)].find((file) => existsSync(file)) ?? null
  );
}
