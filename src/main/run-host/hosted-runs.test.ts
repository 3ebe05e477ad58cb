import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch, ResultOf } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';
import { readMetadata } from '../engine/run-context';
import { InspectorService, type Session } from '../service/inspector-service';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';

/**
 * Agents run in their own process under the service: whatever their code does (compute for
 * seconds, exit, kill itself, eat memory, ignore a cancel, write garbage into the channel), the
 * service keeps answering and the run's folder ends up saying how the run ended.
 */

const agents: Record<string, string> = {
  busy: "const flow = flowDef().callback('burn', () => { const end = Date.now() + 4000; while (Date.now() < end) {} return 'burnt'; });",
  exits:
    "const flow = flowDef().callback('bug', () => { console.error('about to exit on purpose'); process.exit(3); });",
  killed:
    "const flow = flowDef().callback('bug', () => { console.error('killing myself'); process.kill(process.pid, 'SIGKILL'); return new Promise(() => {}); });",
  hungry:
    "const flow = flowDef().callback('eat', () => { const kept: number[][] = []; for (;;) kept.push(new Array(1e6).fill(Math.random())); });",
  polite:
    "const flow = flowDef().callback('wait', (_args: unknown, context: { signal: AbortSignal }) => new Promise((resolve) => context.signal.addEventListener('abort', () => resolve('stopped'))));",
  stuck: "const flow = flowDef().callback('spin', () => { for (;;) {} });",
  asks: "const flow = flowDef().callback('ask', (args: Record<string, unknown>) => ({ heard: args.word }), {}, { inputRequired: true });",
  garbage:
    "const flow = flowDef().callback('lie', () => { process.send?.({ type: 'events', events: [{ type: 'no_such_event' }] }); return new Promise(() => {}); });",
};

let dir: string;
let project: string;
let service: InspectorService;
let session: Session;
const events: RunEvent[] = [];

beforeAll(async () => {
  dir = await makeTempDir('dad-hosted-runs');
  const files: Record<string, string> = {};
  for (const [id, body] of Object.entries(agents)) files[`src/runners/${id}.ts`] = runnerSource(id, body);
  files['src/runners/frugal.ts'] = runnerSource('frugal', agents.hungry ?? '', ', memoryLimitMb: 80');
  files['src/runners/late.ts'] = runnerSource('late', agents.stuck ?? '', ', timeoutSeconds: 1');
  project = await writeProject(join(dir, 'proj'), files);
  service = new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
    eventBatchMs: 5,
    runs: { memoryLimitMb: 96, cancelGraceMs: 600 },
  });
  await service.openProject(project);
  session = service.connect((batch: EventBatch) => {
    for (const pushed of batch.events) if (pushed.type === 'run.events') events.push(...pushed.events);
  });
});

afterAll(async () => {
  await service.shutdown();
  await removeDir(dir);
});

async function start(agentId: string): Promise<{ runId: string; runDir: string }> {
  const started = (await service.handlers.startRun(
    { agentId, staticInputs: {} },
    session,
  )) as ResultOf<'startRun'>;
  service.handlers.watchRun({ runId: started.runId }, session);
  return started;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function listed(runId: string) {
  const runs = (await service.handlers.listRuns(undefined, session)) as ResultOf<'listRuns'>;
  return runs.find((run) => run.runId === runId);
}

/** The run's metadata once its end is on disk (status no longer initialized). */
async function endedMetadata(runDir: string) {
  return waitFor(`the end of ${runDir}`, async () => {
    const metadata = await readMetadata(runDir);
    return metadata && metadata.status !== 'initialized' ? metadata : undefined;
  });
}

/** Whether the service's live view shows the run's one node as started and not yet ended. */
function nodeRunning(runId: string) {
  return waitFor(`the node of ${runId} to start`, async () => {
    const { rows } = (await service.handlers.spanRows(
      { runId, collapsed: [], offset: 0, limit: 50 },
      session,
    )) as ResultOf<'spanRows'>;
    return rows.some((row) => row.name === 'callback.execute' && row.end === null);
  });
}

function endEvent(runId: string) {
  return waitFor(`run_ended of ${runId}`, () =>
    events.find((event) => event.type === 'run_ended' && event.runId === runId),
  );
}

describe('runs hosted in their own process', () => {
  it('keeps answering service calls while an agent computes for seconds', async () => {
    const { runId, runDir } = await start('busy');
    await nodeRunning(runId);
    // Calls answer while the node still computes: the folder still says the run goes on.
    expect((await listed(runId))?.status).toBe('running');
    expect((await service.handlers.currentProject(undefined, session))?.root).toBe(project);
    expect((await readMetadata(runDir))?.status).toBe('initialized');
    expect(await endEvent(runId)).toMatchObject({ status: 'completed' });
    expect((await endedMetadata(runDir)).status).toBe('completed');
  });

  it('records an agent that exits the process as failed, with the exit code and its last stderr', async () => {
    const { runId, runDir } = await start('exits');
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('failed');
    expect(metadata.error).toContain('exited with code 3');
    expect(metadata.error).toContain('about to exit on purpose');
    expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
    expect(await endEvent(runId)).toMatchObject({ status: 'failed' });
    await waitFor('the run listed as failed', async () => (await listed(runId))?.status === 'failed');
  });

  it('records an agent killed by SIGKILL as failed, and removes its outcome worktree', async () => {
    const { runId, runDir } = await start('killed');
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('failed');
    expect(metadata.error).toContain('signal SIGKILL');
    expect(metadata.error).toContain('killing myself');
    expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
    const worktree = join(project, 'runs', 'outcome', '.worktrees', 'test_project', runId);
    await waitFor('the worktree to go', () => !existsSync(worktree));
    await waitFor('the run listed as failed', async () => (await listed(runId))?.status === 'failed');
  });

  it('ends an agent over its memory limit as failed with a memory message', async () => {
    const { runDir } = await start('hungry');
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('failed');
    expect(metadata.error).toContain('ran out of memory (limit 96 MB)');
  });

  it("uses an agent's own memory limit when its runner sets one", async () => {
    const { runDir } = await start('frugal');
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('failed');
    expect(metadata.error).toContain('ran out of memory (limit 80 MB)');
  });

  it('cancels a run that cooperates: it records its own cancelled end', async () => {
    const { runId, runDir } = await start('polite');
    await nodeRunning(runId);
    expect(service.handlers.cancelRun({ runId }, session)).toEqual({ cancelled: true });
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('cancelled');
    expect(metadata.error).toContain('cancelled from the inspector');
    expect(metadata.error).not.toContain('killed');
  });

  it('kills a run stuck in a loop once the grace period after cancel is over', async () => {
    const { runId, runDir } = await start('stuck');
    await nodeRunning(runId);
    service.handlers.cancelRun({ runId }, session);
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('cancelled');
    expect(metadata.error).toContain('killed after 0.6 s');
    expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
    expect(await endEvent(runId)).toMatchObject({ status: 'cancelled' });
  });

  it('ends a run stuck past its timeout as timed out: the host kills what cannot see its own timer', async () => {
    const { runId, runDir } = await start('late');
    await nodeRunning(runId);
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('timeout');
    expect(metadata.error).toContain('run timed out after 1 s: its process did not stop and was killed');
    expect(existsSync(join(runDir, '.trace', 'run.lock'))).toBe(false);
    expect(await endEvent(runId)).toMatchObject({ status: 'timeout' });
    expect((await listed(runId))?.status).toBe('timeout');
  });

  it('answers a node that asks for input across the channel', async () => {
    const { runId, runDir } = await start('asks');
    await expect(
      service.handlers.provideNodeInput({ runId, hierarchyPath: 'asks.nowhere', input: {} }, session),
    ).rejects.toThrow(/nowhere/);
    // The node may not be waiting yet: offered until it takes it, as a window's form would be.
    await waitFor('the node to take its input', () =>
      Promise.resolve(
        service.handlers.provideNodeInput(
          { runId, hierarchyPath: 'asks.ask', input: { word: 'hello' } },
          session,
        ),
      ).then(
        () => true,
        (error: Error) => {
          if (!/no node is waiting/.test(error.message)) throw error;
          return undefined;
        },
      ),
    );
    expect(await endEvent(runId)).toMatchObject({ status: 'completed' });
    const completed = events.find((event) => event.type === 'node_completed' && event.runId === runId);
    expect(JSON.stringify(completed)).toContain('"heard":"hello"');
    expect((await endedMetadata(runDir)).status).toBe('completed');
  });

  it('treats a message that does not fit the protocol as the run failing, not the service', async () => {
    const { runDir } = await start('garbage');
    const metadata = await endedMetadata(runDir);
    expect(metadata.status).toBe('failed');
    expect(metadata.error).toContain('does not fit the protocol');
    expect(metadata.error).not.toContain('no_such_event');
    expect((await service.handlers.currentProject(undefined, session))?.root).toBe(project);
  });

  it('rejects bad static inputs at start, before anything runs', async () => {
    await expect(
      service.handlers.startRun({ agentId: 'asks', staticInputs: { nope: { a: 1 } } }, session),
    ).rejects.toMatchObject({ code: expect.stringMatching(/invalid_static_input|invalid_definition/) });
  });
});

describe("a project's own settings for its runs", () => {
  it('sets the memory limit of its agents and the grace period of a cancel', async () => {
    const projectDir = await writeProject(
      join(dir, 'limited'),
      {
        'src/runners/hungry.ts': runnerSource('hungry', agents.hungry ?? ''),
        'src/runners/stuck.ts': runnerSource('stuck', agents.stuck ?? ''),
      },
      'project:\n  name: Limited\n  identifier: limited\nruns:\n  memory_limit_mb: 72\n  cancel_grace_seconds: 0.3\n',
    );
    const limited = new InspectorService({
      appInfo: { name: 'test', version: '0', platform: process.platform },
      sampleProjectPath: null,
      recentProjectsFile: null,
      runs: { memoryLimitMb: 96, cancelGraceMs: 600 },
    });
    try {
      await limited.openProject(projectDir);
      const window = limited.connect(() => {});
      const hungry = (await limited.handlers.startRun(
        { agentId: 'hungry', staticInputs: {} },
        window,
      )) as ResultOf<'startRun'>;
      expect((await endedMetadata(hungry.runDir)).error).toContain('ran out of memory (limit 72 MB)');

      const stuck = (await limited.handlers.startRun(
        { agentId: 'stuck', staticInputs: {} },
        window,
      )) as ResultOf<'startRun'>;
      await waitFor('the stuck node to start', async () => {
        const page = (await limited.handlers.spanRows(
          { runId: stuck.runId, collapsed: [], offset: 0, limit: 50 },
          window,
        )) as ResultOf<'spanRows'>;
        return page.rows.some((row) => row.nodeId === 'spin' && row.end === null) || undefined;
      });
      limited.handlers.cancelRun({ runId: stuck.runId }, window);
      expect((await endedMetadata(stuck.runDir)).error).toContain('killed after 0.3 s');
    } finally {
      await limited.shutdown();
    }
  });
});
