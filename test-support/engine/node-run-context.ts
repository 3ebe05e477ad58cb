import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunEvent } from '../../src/main/engine/events';
import type { LogLevel, NodeRunContext } from '../../src/main/engine/node-types/types';

const execFileAsync = promisify(execFile);

export interface CollectedLog {
  level: LogLevel;
  message: string;
  attributes: Record<string, unknown> | undefined;
}

export interface TestNodeContextOptions {
  nodeId?: string;
  nodeType?: string;
  /** Create a real git work tree (README + "Initial commit" on main) as the outcome repository. */
  withOutcomeRepo?: boolean;
  variables?: Record<string, unknown>;
}

export interface TestNodeContext {
  readonly context: NodeRunContext;
  /** The temp directory holding everything below; removed by `cleanup`. */
  readonly rootDir: string;
  readonly projectRoot: string;
  readonly runDir: string;
  readonly nodeDir: string;
  readonly outcomeRepoDir: string | null;
  readonly logs: CollectedLog[];
  readonly events: RunEvent[];
  readonly nodeFiles: Map<string, unknown>;
  readonly commitMessages: string[];
  /** Aborts `context.signal`, as a cancelled run does. */
  abort(reason?: unknown): void;
  cleanup(): Promise<void>;
}

/** Runs git with a fixed identity, so commits work on machines without a global git config. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    'git',
    [
      '-c',
      'user.name=Test Runner',
      '-c',
      'user.email=test@example.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd },
  );
  return stdout;
}

async function createOutcomeRepo(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '--quiet', '--initial-branch=main']);
  await writeFile(path.join(dir, 'README.md'), '# Outcome\n');
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '--quiet', '-m', 'Initial commit']);
}

async function commitEverything(repoDir: string, message: string): Promise<{ sha: string } | null> {
  await git(repoDir, ['add', '-A']);
  const staged = await git(repoDir, ['diff', '--cached', '--name-only']);
  if (staged.trim() === '') return null;
  await git(repoDir, ['commit', '--quiet', '-m', message]);
  return { sha: (await git(repoDir, ['rev-parse', 'HEAD'])).trim() };
}

/** A real NodeRunContext over a fresh temp directory: project root, run and node dirs, optional outcome repo. */
export async function createTestNodeContext(options: TestNodeContextOptions = {}): Promise<TestNodeContext> {
  // realpath: macOS and some CI hosts put tmpdir behind a symlink, which path checks would see.
  const rootDir = await realpath(await mkdtemp(path.join(tmpdir(), 'node-type-test-')));
  const projectRoot = path.join(rootDir, 'project');
  const runDir = path.join(rootDir, 'runs', 'run_test');
  const nodeId = options.nodeId ?? 'test_node';
  const nodeDir = path.join(runDir, 'agent', nodeId);
  await mkdir(projectRoot, { recursive: true });
  await mkdir(nodeDir, { recursive: true });

  const outcomeRepoDir = options.withOutcomeRepo ? path.join(rootDir, 'outcome', 'project') : null;
  if (outcomeRepoDir) await createOutcomeRepo(outcomeRepoDir);

  const logs: CollectedLog[] = [];
  const events: RunEvent[] = [];
  const nodeFiles = new Map<string, unknown>();
  const commitMessages: string[] = [];
  const controller = new AbortController();

  const context: NodeRunContext = {
    runId: 'run_test',
    nodeId,
    nodeType: options.nodeType ?? 'test',
    hierarchyPath: `agent.${nodeId}`,
    nodeDir,
    runDir,
    projectRoot,
    outcomeRepoDir,
    signal: controller.signal,
    variables: options.variables ?? {},
    log(level, message, attributes) {
      logs.push({ level, message, attributes });
    },
    writeNodeFile(fileName, value) {
      nodeFiles.set(fileName, value);
    },
    async commitOutcome(message) {
      if (!outcomeRepoDir) throw new Error('commitOutcome: this test context has no outcome repository');
      commitMessages.push(message);
      return commitEverything(outcomeRepoDir, message);
    },
    publish(event) {
      events.push(event);
    },
  };

  return {
    context,
    rootDir,
    projectRoot,
    runDir,
    nodeDir,
    outcomeRepoDir,
    logs,
    events,
    nodeFiles,
    commitMessages,
    abort: (reason) => controller.abort(reason),
    cleanup: () => rm(rootDir, { recursive: true, force: true }),
  };
}
