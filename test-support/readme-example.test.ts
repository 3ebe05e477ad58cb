import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, REPO_ROOT } from './projects';

/**
 * The README's "Using the engine from code" example, run as written: its code and the tree it
 * promises are read from README.md itself, so the two cannot drift apart unnoticed.
 */

const HEADING = '## Using the engine from code';
const ENGINE_IMPORT = "'./src/main/engine'";
const ENGINE_MODULE = join(REPO_ROOT, 'src', 'main', 'engine', 'index.ts');
// `node --import jiti/register`, with jiti taken from the repository (the temp folder has none).
const JITI_REGISTER = pathToFileURL(join(REPO_ROOT, 'node_modules', 'jiti', 'lib', 'jiti-register.mjs')).href;

/** The first fenced block of `language` after `after` in the README's section under HEADING. */
function fencedBlock(readme: string, language: string, after: string): string {
  const section = readme.slice(readme.indexOf(HEADING));
  const from = section.indexOf(after);
  if (readme.indexOf(HEADING) < 0 || from < 0) throw new Error(`README.md: no "${after}" under "${HEADING}"`);
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(section.slice(from));
  if (!match?.[1])
    throw new Error(`README.md: no \`\`\`${language} block after "${after}" under "${HEADING}"`);
  return match[1];
}

interface PromisedEntry {
  path: string;
  kind: 'dir' | 'file';
}

/**
 * The entries the README's tree names, as paths. A name ending in `/` is a folder; on its line,
 * words that look like file names are files in it; other words describe it. `run_…` is the run.
 */
function promisedEntries(tree: string, runId: string): PromisedEntry[] {
  const entries: PromisedEntry[] = [];
  const parents: { indent: number; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const [name = '', ...rest] = line.trim().split(/\s+/);
    if (name === '') continue;
    while (parents.length > 0 && (parents[parents.length - 1]?.indent ?? 0) >= indent) parents.pop();
    const parent = parents[parents.length - 1]?.path;
    const own = /^run_\d{8}_/.test(name) ? `${runId}/` : name;
    const path = parent ? `${parent}/${own.replace(/\/$/, '')}` : own.replace(/\/$/, '');
    if (!own.endsWith('/')) {
      entries.push({ path, kind: 'file' });
      continue;
    }
    entries.push({ path, kind: 'dir' });
    parents.push({ indent, path });
    for (const word of rest) {
      if (/^[\w-]+\.(json|jsonl)$/.test(word)) entries.push({ path: `${path}/${word}`, kind: 'file' });
    }
  }
  return entries;
}

/** The example's project folder: `projectRoot: '.'` is where it runs. */
const PROJECT_FOLDER = 'tide-pools';

let dir: string;
let project: string;
let readme: string;
let printed: string;
let runId: string;
let promised: PromisedEntry[];

beforeAll(async () => {
  dir = await makeTempDir('dad-readme-example');
  project = join(dir, PROJECT_FOLDER);
  await mkdir(project);
  readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const code = fencedBlock(readme, 'ts', HEADING);
  if (code.split(ENGINE_IMPORT).length !== 2)
    throw new Error(`README.md: the example no longer imports the engine from ${ENGINE_IMPORT}`);
  await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(join(project, 'example.ts'), code.replace(ENGINE_IMPORT, JSON.stringify(ENGINE_MODULE)));

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(OPENAI|ANTHROPIC)_|^OTEL_EXPORTER_/.test(name)) delete env[name];
  }
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', JITI_REGISTER, 'example.ts'],
    { cwd: project, env, timeout: 60_000 },
  ).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`the example failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  if (stderr !== '') throw new Error(`the example wrote to stderr:\n${stderr}`);
  printed = stdout;
  runId = /\/runs\/(run_[^/\s]+)\n$/.exec(stdout)?.[1] ?? '(no run id printed)';
  promised = promisedEntries(fencedBlock(readme, '', 'That run writes:'), runId);
}, 90_000);
afterAll(() => removeDir(dir));

/** Fails unless `path` (relative to the project) exists and is a folder or a file as promised. */
function expectPromised(entry: PromisedEntry): void {
  const where = join(project, entry.path);
  expect(existsSync(where), `${entry.path} exists`).toBe(true);
  expect(statSync(where).isDirectory() ? 'dir' : 'file', `${entry.path} is a ${entry.kind}`).toBe(entry.kind);
}

const isOutcomeRepo = (entry: PromisedEntry) => entry.path.startsWith('runs/outcome/');

describe('the README’s engine example, run as written, offline', () => {
  it('prints completed and the run folder, and writes the run’s files the README lists', async () => {
    expect(printed).toBe(`completed ${join(project, 'runs', runId)}\n`);
    expect((await readdir(join(project, 'runs'))).sort()).toEqual(['outcome', runId].sort());
    const runFiles = promised.filter((entry) => !isOutcomeRepo(entry));
    expect(runFiles.length).toBeGreaterThan(10);
    for (const entry of runFiles) expectPromised(entry);
  });

  it('commits outline.md, the outline node’s text, on branch run/<run_id> of the outcome repository', async () => {
    // The repository is named after the project (its identifier, else its folder).
    const outline = execFileSync('git', ['show', `run/${runId}:outline.md`], {
      cwd: join(project, 'runs', 'outcome', PROJECT_FOLDER),
      encoding: 'utf8',
    });
    const outlineOutcome = JSON.parse(
      await readFile(join(project, 'runs', runId, 'writer', 'main', 'outline', 'outcome.json'), 'utf8'),
    ) as { text?: string };
    expect(outline.trim().length).toBeGreaterThan(0);
    expect(outline).toBe(outlineOutcome.text);
  });

  it('puts the outcome repository where the README’s tree shows it', () => {
    const repos = promised.filter(isOutcomeRepo);
    expect(repos).toHaveLength(1);
    for (const entry of repos)
      expectPromised({ ...entry, path: entry.path.replace('<project>', PROJECT_FOLDER) });
  });
});
