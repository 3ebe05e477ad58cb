import { join } from 'node:path';

/** Where the browser tests' server keeps its copy of the sample project. */
export function serverProjectRoot(workDir = process.env.E2E_WORK_DIR): string {
  if (!workDir)
    throw new Error('E2E_WORK_DIR is not set: run the browser tests through playwright.config.ts');
  return join(workDir, 'sample-project');
}
