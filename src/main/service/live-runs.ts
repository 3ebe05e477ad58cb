import type { RunEvent } from '../../shared/run-events';
import { EngineError } from '../engine/errors';
import { LiveRunIndex } from '../reader';
import { forkRunProcess } from '../run-host/fork-run-process';
import { RunHost, type HostedRun, type HostedRunPlan, type RunHostOptions } from '../run-host/run-host';

export type NodeInputRequestEvent = Extract<RunEvent, { type: 'node_input_required' }>;

export interface LiveRun {
  runId: string;
  runDir: string;
  index: LiveRunIndex;
  /** Requests for input not yet answered, by hierarchy path: a window that opens the run later sees them. */
  pendingInputs: Map<string, NodeInputRequestEvent>;
  /** Resolves once the run's process is gone and its end is on disk. */
  finished: Promise<void>;
}

/** How runs are hosted: forked Node processes unless told otherwise (the desktop app's utility processes). */
export type LiveRunsOptions = Partial<RunHostOptions>;

/**
 * Runs this process started and is still running, each in its own child process: their live
 * indexes (fed by the child's events) answer queries until the run ends, then the files do.
 */
export class LiveRuns {
  private readonly runs = new Map<string, LiveRun & { hosted: HostedRun }>();
  private readonly host: RunHost;

  constructor(
    private readonly onEvent: (runId: string, event: RunEvent) => void,
    options: LiveRunsOptions = {},
  ) {
    this.host = new RunHost({ ...options, launch: options.launch ?? forkRunProcess });
  }

  get(runId: string): LiveRun | undefined {
    return this.runs.get(runId);
  }

  get runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Starts the run in its process; resolves once it is set up (validation errors reject here). */
  async start(plan: HostedRunPlan): Promise<LiveRun> {
    const runId = plan.request.runId;
    const index = new LiveRunIndex();
    const pendingInputs = new Map<string, NodeInputRequestEvent>();
    const hosted = await this.host.start(plan, (event) => {
      index.apply(event);
      if (event.type === 'node_input_required') pendingInputs.set(event.hierarchyPath, event);
      if (event.type === 'node_completed') pendingInputs.delete(event.hierarchyPath);
      this.onEvent(runId, event);
    });
    const finished = hosted.ended.then(
      () => {
        this.runs.delete(runId);
      },
      (error: unknown) => {
        console.error(`run ${runId} failed:`, error);
        this.runs.delete(runId);
      },
    );
    const live = { runId, runDir: hosted.runDir, index, pendingInputs, finished, hosted };
    this.runs.set(runId, live);
    return live;
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.hosted.cancel('cancelled from the inspector');
    return true;
  }

  async provideInput(runId: string, hierarchyPath: string, input: unknown): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new EngineError('run_setup_failed', `run ${runId} is not running in this inspector`);
    const answered = run.pendingInputs.get(hierarchyPath);
    await run.hosted.provideInput(hierarchyPath, input);
    // The node may have asked again while this answer travelled: that newer request stays pending.
    if (run.pendingInputs.get(hierarchyPath) === answered) run.pendingInputs.delete(hierarchyPath);
  }

  /** The input requests of a live run that no one has answered yet. */
  pendingInputsOf(runId: string): NodeInputRequestEvent[] {
    return [...(this.runs.get(runId)?.pendingInputs.values() ?? [])];
  }

  /** Cancels every run and waits for each to record how it ended (used when the app quits). */
  async stopAll(): Promise<void> {
    const runs = [...this.runs.values()];
    this.host.close();
    for (const run of runs) run.hosted.cancel('the inspector was closed');
    await Promise.all(runs.map((run) => run.finished));
  }
}
