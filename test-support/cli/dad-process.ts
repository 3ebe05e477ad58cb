import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../projects';

/** Test helper: runs `node bin/dad.mjs …` as a user would, offline (no API keys in its environment). */

export const DAD_BIN = join(REPO_ROOT, 'bin', 'dad.mjs');

export interface DadResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface DadOptions {
  cwd?: string;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  input?: string;
  /** Called with each piece of stdout, and the child, e.g. to send it a signal. */
  onStdout?: (text: string, child: ChildProcessWithoutNullStreams) => void;
  timeoutMs?: number;
  /** Added to the environment after the API keys are taken out. */
  env?: Record<string, string>;
}

export function runDad(args: string[], options: DadOptions = {}): Promise<DadResult> {
  return startDad(args, options).done;
}

/** Starts `dad …` and hands back the child at once (to signal it at a chosen moment) with its end. */
export function startDad(
  args: string[],
  options: DadOptions = {},
): { child: ChildProcessWithoutNullStreams; done: Promise<DadResult> } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'OPENAI_BASE_URL',
    'ANTHROPIC_BASE_URL',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
  ])
    delete env[key];
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [DAD_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const done = new Promise<DadResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(text, child);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `dad ${args.join(' ')} did not end within ${options.timeoutMs ?? 30_000} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.write(options.input);
    child.stdin.end();
  });
  return { child, done };
}

/** The run id and directory `dad agent run` prints on its first two lines. */
export function runIdAndDir(stdout: string): { runId: string; runDir: string } {
  const [first, second] = stdout.split('\n');
  const runId = /^run (\S+)$/.exec(first ?? '')?.[1];
  const runDir = /^dir (.+)$/.exec(second ?? '')?.[1];
  if (!runId || !runDir) throw new Error(`no run id and dir on the first two lines of:\n${stdout}`);
  return { runId, runDir };
}

/** Folders (relative, with /) that hold a result.json in a run directory, sorted. */
export async function resultFiles(runDir: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== '.trace') await visit(join(folder, entry.name));
      else if (entry.name === 'result.json') found.push(relative(runDir, folder).split(sep).join('/'));
    }
  };
  await visit(runDir);
  return found.sort();
}

export async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Commit subjects on branch run/<runId> of a project's outcome repository, newest first. */
export function outcomeLog(projectRoot: string, identifier: string, runId: string): string[] {
  return execFileSync('git', ['log', '--format=%s', `run/${runId}`], {
    cwd: join(projectRoot, 'runs', 'outcome', identifier),
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
}
