import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch, OpenKind, ResultOf, RunNotice } from '../../shared/contract';
import { InspectorService, type Session } from './inspector-service';
import type { DesktopShell } from './desktop-shell';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';

/**
 * Users are told when a run they started ends or waits for input: every window gets a notice, and
 * the desktop app's native side (here a recording shell) gets it too, with the count of running runs.
 */

const agents: Record<string, string> = {
  fine: "const flow = flowDef().callback('work', () => 'done');",
  exits: "const flow = flowDef().callback('bug', () => { console.error('giving up'); process.exit(3); });",
  asks: "const flow = flowDef().callback('ask', (args: Record<string, unknown>) => ({ heard: args.word }), {}, { inputRequired: true });",
};

class RecordingShell implements DesktopShell {
  readonly notices: RunNotice[] = [];
  readonly counts: number[] = [];
  readonly asked: OpenKind[] = [];
  constructor(private readonly chosen: string | null) {}
  choosePath(kind: OpenKind): Promise<string | null> {
    this.asked.push(kind);
    return Promise.resolve(this.chosen);
  }
  runNotice(notice: RunNotice): void {
    this.notices.push(notice);
  }
  runningCount(count: number): void {
    this.counts.push(count);
  }
}

let dir: string;
let project: string;
let service: InspectorService;
let session: Session;
let shell: RecordingShell;
const pushed: RunNotice[] = [];

beforeAll(async () => {
  dir = await makeTempDir('dad-run-notices');
  const files: Record<string, string> = {};
  for (const [id, body] of Object.entries(agents)) files[`src/runners/${id}.ts`] = runnerSource(id, body);
  project = await writeProject(join(dir, 'proj'), files);
  shell = new RecordingShell(null);
  service = new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    desktop: shell,
    sampleProjectPath: null,
    recentProjectsFile: null,
    eventBatchMs: 5,
  });
  await service.openProject(project);
  session = service.connect((batch: EventBatch) => {
    for (const event of batch.events) if (event.type === 'run.notice') pushed.push(event.notice);
  });
});

afterAll(async () => {
  await service.shutdown();
  await removeDir(dir);
});

async function start(agentId: string): Promise<string> {
  const started = (await service.handlers.startRun(
    { agentId, staticInputs: {} },
    session,
  )) as ResultOf<'startRun'>;
  return started.runId;
}

describe('notices of runs started from the app', () => {
  it('tells every window and the desktop shell that a run completed', async () => {
    const runId = await start('fine');
    await expect
      .poll(() => pushed.find((notice) => notice.runId === runId))
      .toMatchObject({
        kind: 'ended',
        status: 'completed',
        agentId: 'fine',
        message: 'fine completed',
      });
    expect(shell.notices.map((notice) => notice.runId)).toContain(runId);
    // The badge went up while it ran and back down once it ended.
    await expect.poll(() => shell.counts.at(-1)).toBe(0);
    expect(shell.counts).toContain(1);
  });

  it('says why a run whose process died failed', async () => {
    const runId = await start('exits');
    await expect
      .poll(() => pushed.find((each) => each.runId === runId), { timeout: 20_000 })
      .toMatchObject({ kind: 'ended', status: 'failed' });
    const message = pushed.find((each) => each.runId === runId)?.message ?? '';
    expect(message).toBe(
      "exits failed: the run's process exited with code 3 before the run ended (giving up)",
    );
  });

  it('tells when a run waits for input, then when it ends', async () => {
    const runId = await start('asks');
    await expect
      .poll(() => pushed.find((each) => each.runId === runId))
      .toMatchObject({
        kind: 'input-needed',
        message: 'asks waits for input at asks.ask',
      });
    await service.handlers.provideNodeInput(
      { runId, hierarchyPath: 'asks.ask', input: { word: 'hi' } },
      session,
    );
    await expect
      .poll(() => pushed.filter((each) => each.runId === runId).map((each) => each.kind))
      .toEqual(['input-needed', 'ended']);
  });

  it('answers that it is the desktop app, and opens nothing when the dialog is cancelled', async () => {
    const info = (await service.handlers.appInfo(undefined, session)) as ResultOf<'appInfo'>;
    expect(info.shell).toBe('desktop');
    expect(await service.handlers.chooseAndOpen({ kind: 'trace-file' }, session)).toBeNull();
    expect(shell.asked).toEqual(['trace-file']);
    const current = (await service.handlers.currentProject(undefined, session)) as ResultOf<'currentProject'>;
    expect(current?.root).toBe(project);
  });

  it('sends the menu commands to every window', async () => {
    const commands: unknown[] = [];
    const other = service.connect((batch) => {
      for (const event of batch.events) if (event.type === 'app.command') commands.push(event.command);
    });
    service.sendCommand({ name: 'open-run', runId: 'run_1' });
    await expect.poll(() => commands).toEqual([{ name: 'open-run', runId: 'run_1' }]);
    service.disconnect(other);
  });
});

describe('closing the app', () => {
  it('tells nobody of the runs it cancels on the way out', async () => {
    const quiet = new RecordingShell(null);
    const closing = new InspectorService({
      appInfo: { name: 'test', version: '0', platform: process.platform },
      desktop: quiet,
      sampleProjectPath: null,
      recentProjectsFile: null,
      eventBatchMs: 5,
    });
    await closing.openProject(project);
    const window = closing.connect(() => {});
    const started = (await closing.handlers.startRun(
      { agentId: 'asks', staticInputs: {} },
      window,
    )) as ResultOf<'startRun'>;
    await expect.poll(() => quiet.notices.map((notice) => notice.kind)).toEqual(['input-needed']);
    const countsBefore = quiet.counts.length;
    await closing.shutdown();
    expect(quiet.notices.map((notice) => `${notice.runId} ${notice.kind}`)).toEqual([
      `${started.runId} input-needed`,
    ]);
    expect(quiet.counts.length).toBe(countsBefore);
  });
});
