import type { RunEvent } from '../../shared/run-events';
import { ProcessHostedRun, type HostedRun, type HostedRunPlan } from './hosted-run';
import type { RunProcess, RunProcessLauncher } from './run-process';
import { SpareRunProcess } from './spare-process';

export type { HostedRun, HostedRunEnd, HostedRunPlan } from './hosted-run';
export { RunHostError } from './hosted-run';

export const DEFAULT_CANCEL_GRACE_MS = 5000;
export const DEFAULT_MEMORY_LIMIT_MB = 4096;

export interface RunHostOptions {
  /** Makes the process a run executes in. */
  launch: RunProcessLauncher;
  /** How long a cancelled run may take to stop before its process is killed. */
  cancelGraceMs?: number;
  /** The heap limit of a run's process, unless the agent sets its own. */
  memoryLimitMb?: number;
  /**
   * Once a run has started, start the next run's process ahead of it (default true): a process
   * takes seconds to start, which the next run would otherwise wait.
   */
  spareProcess?: boolean;
}

/**
 * Starts runs in child processes. The parent names the run and its folder; the child loads the
 * agent and runs it. Whatever the child does (busy, stuck, crashing, sending garbage), the parent
 * stays responsive and the run's folder ends up saying how the run ended.
 */
export class RunHost {
  private readonly cancelGraceMs: number;
  private readonly memoryLimitMb: number;
  private spare: SpareRunProcess | null = null;
  private closed = false;

  constructor(private readonly options: RunHostOptions) {
    this.cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
    this.memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  }

  /** Resolves once the run is set up; a run that cannot start rejects with the child's error. */
  start(plan: HostedRunPlan, onEvent: (event: RunEvent) => void): Promise<HostedRun> {
    const memoryLimitMb = plan.memoryLimitMb ?? this.memoryLimitMb;
    const child = this.processFor(memoryLimitMb);
    const { started } = new ProcessHostedRun(child, plan, onEvent, {
      memoryLimitMb,
      cancelGraceMs: this.cancelGraceMs,
    });
    // Started once this run no longer needs the machine to itself for its own start.
    const prepareNext = () => {
      if (this.closed || this.spare || this.options.spareProcess === false) return;
      this.spare = SpareRunProcess.launch(this.options.launch, this.memoryLimitMb);
    };
    void started.then(prepareNext, prepareNext);
    return started;
  }

  /** Ends the spare process; runs under way go on. */
  close(): void {
    this.closed = true;
    this.spare?.discard();
    this.spare = null;
  }

  private processFor(memoryLimitMb: number): RunProcess {
    const spare = this.spare;
    this.spare = null;
    if (spare?.usable && spare.memoryLimitMb === memoryLimitMb) return spare.take();
    spare?.discard();
    return this.options.launch({ memoryLimitMb });
  }
}
