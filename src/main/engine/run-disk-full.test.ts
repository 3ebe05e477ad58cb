import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listRuns } from '../reader/list-runs';
import { AgentDefinition, FlowDefinition } from './definitions/component';
import { NodeDefinition } from './definitions/node';
import { RunContext } from './run-context';
import { AgentRunner } from './runners/agent-runner';
import { makeTempDir } from '../../../test-support/projects';
import { readJson, testNodeTypes, withTempDir } from '../../../test-support/engine/test-node-types';

/** A full disk while a run starts or goes on: the run says so, naming the file, and leaves no debris. */

/** Every file under `dir` (relative), to look for temp files and locks left behind. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}

function agentWith(
  callback: (args: Record<string, unknown>, node: { runDir: string }) => Promise<void> | void,
) {
  const flow = new FlowDefinition()
    .node('before', new NodeDefinition('echo', { value: 'written while there is room' }))
    .callback('disk', callback)
    .node('after', new NodeDefinition('echo', { value: 'written to a full disk' }));
  return new AgentDefinition().flow('main', flow);
}

async function expectFailedNamingTheFile(
  ctx: RunContext,
  result: { execution_status: string; error: string | null },
) {
  const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
  expect(metadata.status).toBe('failed');
  expect(String(metadata.error)).toMatch(/writing [^\s:]+: no space left on device/);
  expect(result.execution_status).toBe('failed');
  expect(result.error).toBe(metadata.error);
  const left = await filesUnder(ctx.runDir);
  expect(left.filter((path) => path.endsWith('.tmp'))).toEqual([]);
  expect(existsSync(join(ctx.runDir, '.trace', 'run.lock'))).toBe(false);
  const [entry] = await listRuns(ctx.effectiveRunRoot);
  expect(entry?.status).toBe('failed');
}

describe('a run file that cannot be written (ENOSPC from /dev/full)', () => {
  it('fails the run with the file and the step, and leaves no temp file or lock', async () => {
    await withTempDir(async (dir) => {
      const ctx = new RunContext({ rootComponentId: 'agent', projectRoot: dir, enableOutcomeRepo: false });
      // From here on every trace line lands on a device that is always full.
      const agent = agentWith(async (_args, node) => {
        const trace = join(node.runDir, '.trace', 'trace.jsonl');
        await rm(trace);
        await symlink('/dev/full', trace);
      });
      const result = await new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() }).run();
      await expectFailedNamingTheFile(ctx, result);
      const metadata = await readJson(join(ctx.runDir, '.trace', 'dad_metadata.json'));
      expect(metadata.error).toContain('writing .trace/trace.jsonl: no space left on device');
    });
  });
});

/** A real full disk: a small tmpfs, when this process may mount one. */
function mountTmpfs(sizeKb: number): { dir: string } | { skip: string } {
  if (process.platform !== 'linux') return { skip: 'tmpfs needs Linux' };
  const dir = join(execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim());
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (${String((error as Error).message).split('\n')[0]})` };
  }
}

/** Writes into `path` until the file system refuses another byte. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'a');
  try {
    for (const size of [65536, 4096, 1]) {
      const chunk = Buffer.alloc(size, 120);
      for (;;) {
        try {
          if (writeSync(fd, chunk) < size) break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

const mounts: string[] = [];
function tmpfsOrSkip(sizeKb: number): string | null {
  const mounted = mountTmpfs(sizeKb);
  if ('skip' in mounted) {
    console.warn(`skipped: ${mounted.skip}`);
    return null;
  }
  mounts.push(mounted.dir);
  return mounted.dir;
}
afterAll(() => {
  for (const dir of mounts) {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('a real full disk (tmpfs)', () => {
  it('a run that cannot start says which file and step, and leaves no run folder', async (test) => {
    const disk = tmpfsOrSkip(512);
    if (disk === null) return test.skip();
    const runRoot = join(disk, 'runs');
    mkdirSync(runRoot);
    fillDisk(join(disk, 'filler'));
    const project = await makeTempDir('dad-full-disk');
    try {
      const ctx = new RunContext({
        rootComponentId: 'agent',
        projectRoot: project,
        runRoot,
        enableOutcomeRepo: false,
      });
      const runner = new AgentRunner(
        agentWith(() => {}),
        ctx,
        { nodeTypes: testNodeTypes() },
      );
      await expect(runner.setupRun()).rejects.toThrow(
        /^run \S+ could not start: writing \.trace\/run\.lock: no space left on device \(run folder \S+\)$/,
      );
      expect(await readdir(runRoot)).toEqual([]);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('a disk that fills during a run fails it, naming the file, with no temp file or lock left', async (test) => {
    const disk = tmpfsOrSkip(8192);
    if (disk === null) return test.skip();
    const project = await makeTempDir('dad-full-disk');
    try {
      const ctx = new RunContext({
        rootComponentId: 'agent',
        projectRoot: project,
        runRoot: join(disk, 'runs'),
        projectIdentifier: 'demo',
      });
      const agent = agentWith(() => fillDisk(join(disk, 'filler')));
      const result = await new AgentRunner(agent, ctx, { nodeTypes: testNodeTypes() }).run();
      await expectFailedNamingTheFile(ctx, result);
      expect((await filesUnder(disk)).filter((path) => path.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});

describe('room for the end of the run', () => {
  it('the metadata a run starts with already holds the blocks its end is written into', async () => {
    await withTempDir(async (dir) => {
      const ctx = new RunContext({ rootComponentId: 'agent', projectRoot: dir, enableOutcomeRepo: false });
      await ctx.setupRun();
      const path = join(ctx.runDir, '.trace', 'dad_metadata.json');
      // Padded with whitespace to one 4 KiB block: still JSON, and big enough for the final write.
      expect((await stat(path)).size).toBeGreaterThanOrEqual(4096);
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ status: 'initialized' });
      await ctx.completeRun({ status: 'completed' });
    });
  });
});
