import type { RunEvent } from '../../shared/run-events';
import { EngineError } from '../engine/errors';
import type { ComponentRunner } from '../engine/runners/component-runner';
import type { RunContext } from '../engine/run-context';
import { LiveRunIndex } from '../reader';

export interface LiveRun {
  runId: string;
  runDir: string;
  context: RunContext;
  runner: ComponentRunner;
  index: LiveRunIndex;
  finished: Promise<void>;
}

/**
 * Runs this process started and is still running: their live indexes (fed by the engine's events)
 * answer queries until the run ends, then the files do.
 */
export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();

  constructor(private readonly onEvent: (runId: string, event: RunEvent) => void) {}

  get(runId: string): LiveRun | undefined {
    return this.runs.get(runId);
  }

  get runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Sets the run up (validation errors surface here, before anything runs), then runs it in the background. */
  async start(context: RunContext, runner: ComponentRunner, options: { prefix?: string }): Promise<LiveRun> {
    const index = new LiveRunIndex();
    let runId: string | null = null;
    const early: RunEvent[] = [];
    const unsubscribe = context.events.subscribe((event) => {
      index.apply(event);
      if (runId) this.onEvent(runId, event);
      else early.push(event);
    });
    let setup: { runId: string; runDir: string };
    try {
      setup = await runner.setupRun({ runIdPrefix: options.prefix });
    } catch (error) {
      unsubscribe();
      throw error;
    }
    runId = setup.runId;
    for (const event of early) this.onEvent(runId, event);
    const finished = runner
      .run()
      .then(
        () => undefined,
        (error: unknown) => {
          console.error(`run ${setup.runId} failed:`, error);
        },
      )
      .finally(() => {
        unsubscribe();
        this.runs.delete(setup.runId);
      });
    const live: LiveRun = { ...setup, context, runner, index, finished };
    this.runs.set(setup.runId, live);
    return live;
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.runner.cancel('cancelled from the inspector');
    return true;
  }

  provideInput(runId: string, hierarchyPath: string, input: unknown): void {
    const run = this.runs.get(runId);
    if (!run) throw new EngineError('run_setup_failed', `run ${runId} is not running in this inspector`);
    run.runner.provideNodeInput(hierarchyPath, input);
  }

  /** Cancels every run and waits for each to record how it ended (used when the app quits). */
  async stopAll(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.runner.cancel('the inspector was closed');
    await Promise.all(runs.map((run) => run.finished));
  }
}
