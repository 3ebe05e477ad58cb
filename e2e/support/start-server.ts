/**
 * Starts the browser adapter for the browser tests on a fresh copy of the sample project, so runs
 * made by the tests never land in the repository.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_PROJECT, serveInspector } from '../../src/main/web/serve';
import { serverProjectRoot } from './server-project';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const token = process.env.E2E_TOKEN;
if (!token) throw new Error('E2E_TOKEN is not set: run the browser tests through playwright.config.ts');
const workDir = process.env.E2E_WORK_DIR ?? (await mkdtemp(join(tmpdir(), 'dad-e2e-')));
const projectRoot = serverProjectRoot(workDir);
await mkdir(workDir, { recursive: true });
await cp(SAMPLE_PROJECT, projectRoot, { recursive: true, filter: (source) => !source.includes('/runs') });
process.env.E2E_PROJECT_ROOT = projectRoot;
// The tests expect the local provider's fixture answers: never call a real (paid) model from them.
for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']) {
  delete process.env[name];
}

const running = await serveInspector({
  projectRoot,
  port: Number(values.port ?? 5199),
  token,
  recentProjectsFile: null,
  sampleProjectPath: projectRoot,
  importsDir: join(workDir, 'imported-traces'),
  // The saved indexes and runs-list facts work as in the app, in a folder the run removes.
  cacheDir: join(workDir, 'cache'),
});
console.log(`e2e server at ${running.server.url} on ${projectRoot}`);

const stop = async () => {
  await running.stop();
  await rm(workDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
