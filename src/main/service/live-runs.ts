import type { RunEvent } from '../../shared/run-events';
import { EngineError } from '../engine/errors';
import { LiveRunIndex } from '../reader';
import { forkRunProcess } from '../run-host/fork-run-process';
import { RunHost, type HostedRun, type HostedRunPlan, type RunHostOptions } from '../run-host/run-host';
import { PendingInputs, type NodeInputRequestEvent } from './pending-inputs';

export type { NodeInputRequestEvent } from './pending-inputs';

export interface LiveRun {
  runId: string;
  runDir: string;
  index: LiveRunIndex;
  /** Requests for input not yet answered: a window that opens the run later sees them. */
  pendingInputs: PendingInputs;
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
    const pendingInputs = new PendingInputs();
    const hosted = await this.host.start(plan, (event) => {
      index.apply(event);
      pendingInputs.apply(event);
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

  /**
   * Answers a waiting node (a bad input rejects and the node keeps waiting). Resolves to the
   * node's start event, for the windows still showing the request's form: after the request, it
   * tells them the node has its input.
   */
  async provideInput(runId: string, hierarchyPath: string, input: unknown): Promise<RunEvent | undefined> {
    const run = this.runs.get(runId);
    if (!run) throw new EngineError('not_found', `run ${runId} is not running in this inspector`);
    const request = run.pendingInputs.at(hierarchyPath);
    await run.hosted.provideInput(hierarchyPath, input);
    return run.pendingInputs.answered(request);
  }

  /** The input requests of a live run that no one has answered yet. */
  pendingInputsOf(runId: string): NodeInputRequestEvent[] {
    return this.runs.get(runId)?.pendingInputs.list() ?? [];
  }

  /** Cancels every run and waits for each to record how it ended (used when the app quits). */
  async stopAll(): Promise<void> {
    const runs = [...this.runs.values()];
    this.host.close();
    for (const run of runs) run.hosted.cancel('the inspector was closed');
    await Promise.all(runs.map((run) => run.finished));
  }
}
