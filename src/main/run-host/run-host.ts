import type { RunEvent } from '../../shared/run-events';
import { ProcessHostedRun, type HostedRun, type HostedRunPlan } from './hosted-run';
import type { RunProcess, RunProcessLauncher } from './run-process';
import { SpareRunProcess } from './spare-process';

export type { HostedRun, HostedRunEnd, HostedRunPlan } from './hosted-run';
export { RunHostError } from './hosted-run';

export const DEFAULT_CANCEL_GRACE_MS = 5000;
export const DEFAULT_MEMORY_LIMIT_MB = 4096;
/** How many idle processes may wait for runs at once (one per heap limit in use). */
const MAX_SPARE_PROCESSES = 2;

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
  /** Spare processes by heap limit: an agent with its own limit gets a spare of its own. */
  private readonly spares = new Map<number, SpareRunProcess>();
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
      cancelGraceMs: plan.cancelGraceMs ?? this.cancelGraceMs,
    });
    // Started once this run no longer needs the machine to itself for its own start.
    const prepareNext = () => {
      if (this.closed || this.spares.has(memoryLimitMb) || this.options.spareProcess === false) return;
      this.spares.set(memoryLimitMb, SpareRunProcess.launch(this.options.launch, memoryLimitMb));
      this.trimSpares();
    };
    void started.then(prepareNext, prepareNext);
    return started;
  }

  /** Ends the spare process; runs under way go on. */
  close(): void {
    this.closed = true;
    for (const spare of this.spares.values()) spare.discard();
    this.spares.clear();
  }

  private processFor(memoryLimitMb: number): RunProcess {
    const spare = this.spares.get(memoryLimitMb);
    this.spares.delete(memoryLimitMb);
    if (spare?.usable) return spare.take();
    spare?.discard();
    return this.options.launch({ memoryLimitMb });
  }

  /** Keeps the spares of the limits used last: each one is a whole idle process. */
  private trimSpares(): void {
    while (this.spares.size > MAX_SPARE_PROCESSES) {
      const oldest = this.spares.keys().next().value as number;
      this.spares.get(oldest)?.discard();
      this.spares.delete(oldest);
    }
  }
}
