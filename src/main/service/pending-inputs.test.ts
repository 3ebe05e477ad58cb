import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch, PushedEvent, ResultOf } from '../../shared/contract';
import type { RunEvent } from '../../shared/run-events';
import { InspectorService, type Session } from './inspector-service';
import { makeTempDir, removeDir, runnerSource, writeProject } from '../../../test-support/projects';

/**
 * A node that asks for input is never left waiting unseen: whichever window watches its run, when
 * ever it starts to (before, after a reload, in a second window), is sent the request until someone
 * answers it; then every window is told the node has its input.
 */

const ASK_PATH = 'asks.ask';
// The node works a while once answered, so its end cannot be what tells windows it was answered.
const agents: Record<string, string> = {
  asks: "const flow = flowDef().callback('ask', async (args: Record<string, unknown>) => { await new Promise((r) => setTimeout(r, 3000)); return { heard: args.word }; }, {}, { inputRequired: true });",
};

let dir: string;
let service: InspectorService;
let launcher: Session;
const notices: PushedEvent[] = [];

/** A connected window recording the run events pushed to it. */
class TestWindow {
  readonly events: RunEvent[] = [];
  readonly session: Session;
  constructor() {
    this.session = service.connect((batch: EventBatch) => {
      for (const event of batch.events) if (event.type === 'run.events') this.events.push(...event.events);
    });
  }
  watch(runId: string) {
    return service.handlers.watchRun({ runId }, this.session);
  }
  close(): void {
    service.disconnect(this.session);
  }
  /** Whether the form for `path` shows: its last request came after every start of its node. */
  showsRequestAt(path: string): boolean {
    const last = this.events.findLast(
      (event) =>
        (event.type === 'node_input_required' ||
          event.type === 'node_started' ||
          event.type === 'node_completed') &&
        event.hierarchyPath === path,
    );
    return last?.type === 'node_input_required';
  }
  heardAbout(path: string): boolean {
    return this.events.some((event) => 'hierarchyPath' in event && event.hierarchyPath === path);
  }
}

beforeAll(async () => {
  dir = await makeTempDir('dad-pending-inputs');
  const files: Record<string, string> = {};
  for (const [id, body] of Object.entries(agents)) files[`src/runners/${id}.ts`] = runnerSource(id, body);
  const project = await writeProject(join(dir, 'proj'), files);
  service = new InspectorService({
    appInfo: { name: 'test', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
    eventBatchMs: 5,
  });
  await service.openProject(project);
  launcher = service.connect((batch) => notices.push(...batch.events.filter((e) => e.type === 'run.notice')));
});

afterAll(async () => {
  await service.shutdown();
  await removeDir(dir);
});

/** Starts the agent from a window that never watches it, and waits until its node asks. */
async function startAsking(): Promise<string> {
  const { runId } = (await service.handlers.startRun(
    { agentId: 'asks', staticInputs: {} },
    launcher,
  )) as ResultOf<'startRun'>;
  await expect
    .poll(
      () =>
        notices.some(
          (e) => e.type === 'run.notice' && e.notice.runId === runId && e.notice.kind === 'input-needed',
        ),
      {
        timeout: 20_000,
      },
    )
    .toBe(true);
  return runId;
}

async function runStatus(runId: string): Promise<string | undefined> {
  const runs = (await service.handlers.listRuns(undefined, launcher)) as ResultOf<'listRuns'>;
  return runs.find((run) => run.runId === runId)?.status;
}

describe('input requests of hosted runs', () => {
  it('are sent to each window that starts watching, until answered; then every window drops them', async () => {
    const runId = await startAsking();

    // Raised while no window watched: the first window to watch is sent it.
    const first = new TestWindow();
    await first.watch(runId);
    await expect.poll(() => first.showsRequestAt(ASK_PATH)).toBe(true);

    // A reload is a new connection that watches again: it is sent the request again.
    first.close();
    const reloaded = new TestWindow();
    await reloaded.watch(runId);
    await expect.poll(() => reloaded.showsRequestAt(ASK_PATH)).toBe(true);

    // A second window sees it too, and answers it.
    const second = new TestWindow();
    await second.watch(runId);
    await expect.poll(() => second.showsRequestAt(ASK_PATH)).toBe(true);
    await service.handlers.provideNodeInput(
      { runId, hierarchyPath: ASK_PATH, input: { word: 'hi' } },
      second.session,
    );

    // The reloaded window is told, before the node ends, that its form is done.
    await expect.poll(() => reloaded.showsRequestAt(ASK_PATH)).toBe(false);
    expect(second.showsRequestAt(ASK_PATH)).toBe(false);

    // A window that watches after the answer is sent no request.
    const late = new TestWindow();
    await late.watch(runId);
    await expect.poll(() => runStatus(runId), { timeout: 20_000 }).toBe('completed');
    expect(late.events.some((event) => event.type === 'node_input_required')).toBe(false);
    for (const window of [reloaded, second, late]) window.close();
  });

  it('refuse a second answer to the same request, naming the node', async () => {
    const runId = await startAsking();
    await service.handlers.provideNodeInput(
      { runId, hierarchyPath: ASK_PATH, input: { word: 'one' } },
      launcher,
    );
    await expect(
      service.handlers.provideNodeInput({ runId, hierarchyPath: ASK_PATH, input: { word: 'two' } }, launcher),
    ).rejects.toThrow(/asks\.ask/);
    await expect.poll(() => runStatus(runId), { timeout: 20_000 }).toBe('completed');
  });

  it('of a run that ended are not sent to a window that opens it', async () => {
    const runId = await startAsking();
    service.handlers.cancelRun({ runId }, launcher);
    await expect.poll(() => runStatus(runId), { timeout: 20_000 }).toBe('cancelled');
    const window = new TestWindow();
    await window.watch(runId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(window.heardAbout(ASK_PATH)).toBe(false);
    window.close();
  });
});
