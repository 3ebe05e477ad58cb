import type { RunEvent } from '../../shared/run-events';
import { isoMicros } from '../engine/run-id';
import { recordDeadRun } from './dead-run-record';
import { describeChildDeath } from './exit-reason';
import {
  childMessageSchema,
  describeSchemaIssue,
  eventsOf,
  type ChildMessage,
  type ErrorData,
  type StartRequest,
} from './protocol';
import type { RunProcess, RunProcessExit } from './run-process';
import { StderrTail } from './stderr-tail';

/** Where the parent expects the run, decided before the child starts. */
export interface HostedRunPlan {
  request: StartRequest;
  runDir: string;
  effectiveRunRoot: string;
  projectIdentifier: string;
  outcomeRepository: boolean;
  memoryLimitMb?: number | null;
  /** The project's cancel grace period, when it sets one; the host's otherwise. */
  cancelGraceMs?: number | null;
  /**
   * The agent's run timeout. The run enforces it itself; the host kills a process still running a
   * grace period after it (code that never yields, such as a busy loop, cannot see its own timer).
   */
  timeoutSeconds?: number | null;
}

export interface HostedRunEnd {
  status: string;
  error: string | null;
  /** Whether the run recorded its own end, or the parent recorded it after the process died. */
  recordedBy: 'run' | 'host';
}

/** An error the child reported for a call, with the code it had there. */
export class RunHostError extends Error {
  readonly code: string;

  constructor(data: ErrorData) {
    super(data.message);
    this.code = data.code;
    this.name = 'RunHostError';
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** One run executing in its own process: its events, input, cancellation and end. */
export interface HostedRun {
  readonly runId: string;
  readonly runDir: string;
  /** Resolves once the process is gone and the run's end is on disk. */
  readonly ended: Promise<HostedRunEnd>;
  provideInput(hierarchyPath: string, input: unknown): Promise<void>;
  /** Asks the run to stop; kills its process if it has not stopped after the grace period. */
  cancel(reason: string): void;
}

/** The parent's side of one child: follows its messages and its exit. */
export class ProcessHostedRun implements HostedRun {
  readonly started: Promise<HostedRun>;
  readonly ended: Promise<HostedRunEnd>;
  private readonly stderr = new StderrTail();
  private readonly inputAnswers = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextRequestId = 1;
  private phase: 'starting' | 'running' | 'ended' = 'starting';
  private childEnd: HostedRunEnd | null = null;
  private cancelledAt: number | null = null;
  private killedAfterCancelMs: number | null = null;
  private fault: string | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;
  private killedAfterTimeout = false;
  private resolveStarted!: (run: HostedRun) => void;
  private rejectStarted!: (error: Error) => void;
  private startError: Error | null = null;
  private startSettled = false;

  constructor(
    private readonly child: RunProcess,
    private readonly plan: HostedRunPlan,
    private readonly onEvent: (event: RunEvent) => void,
    private readonly limits: { memoryLimitMb: number; cancelGraceMs: number },
  ) {
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = (run) => {
        this.startSettled = true;
        resolve(run);
      };
      this.rejectStarted = (error) => {
        this.startSettled = true;
        reject(error);
      };
    });
    let resolveEnded!: (end: HostedRunEnd) => void;
    this.ended = new Promise((resolve) => (resolveEnded = resolve));
    child.onStderr((text) => {
      this.stderr.append(text);
      process.stderr.write(text);
    });
    child.onMessage((raw) => this.receive(raw));
    child.onExit((exit) => void this.afterExit(exit).then(resolveEnded));
  }

  get runId(): string {
    return this.plan.request.runId;
  }

  get runDir(): string {
    return this.plan.runDir;
  }

  provideInput(hierarchyPath: string, input: unknown): Promise<void> {
    if (this.phase !== 'running') {
      return Promise.reject(
        new RunHostError({ code: 'run_setup_failed', message: `run ${this.runId} is not running` }),
      );
    }
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.inputAnswers.set(requestId, { resolve, reject });
      this.child.send({ type: 'provide_input', requestId, hierarchyPath, input });
    });
  }

  cancel(reason: string): void {
    if (this.phase === 'ended' || this.cancelledAt !== null) return;
    this.cancelledAt = performance.now();
    this.child.send({ type: 'cancel', reason });
    this.killAfter(this.limits.cancelGraceMs, () => {
      this.killedAfterCancelMs = performance.now() - (this.cancelledAt ?? 0);
    });
  }

  private receive(raw: unknown): void {
    const parsed = childMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.childFault(
        `it sent a message that does not fit the protocol, ${describeSchemaIssue(parsed.error)}`,
      );
      return;
    }
    this.handle(parsed.data);
  }

  private handle(message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        this.child.send({ type: 'start', request: this.plan.request });
        return;
      case 'started':
        if (message.runId !== this.runId) {
          this.childFault(`it started a run other than ${this.runId}`);
          return;
        }
        this.phase = 'running';
        this.watchDeadline();
        this.resolveStarted(this);
        return;
      case 'start_failed':
        this.startError = new RunHostError(message.error);
        this.rejectStarted(this.startError);
        this.finishChild();
        return;
      case 'events': {
        const events = eventsOf(message);
        if (events.some((event) => event.runId !== this.runId)) {
          this.childFault(`it sent events of a run other than ${this.runId}`);
          return;
        }
        for (const event of events) this.onEvent(event);
        return;
      }
      case 'input_answered': {
        const answer = this.inputAnswers.get(message.requestId);
        this.inputAnswers.delete(message.requestId);
        if (message.error) answer?.reject(new RunHostError(message.error));
        else answer?.resolve();
        return;
      }
      case 'ended':
        // Agent code can write into the channel while it loads: an end before any start is a fault.
        if (this.phase === 'starting') {
          this.childFault('it said the run ended before saying it started');
          return;
        }
        this.childEnd = { status: message.status, error: message.error, recordedBy: 'run' };
        this.finishChild();
    }
  }

  /** The child has said all it has to say: it may exit, and is killed if it does not. */
  private finishChild(): void {
    // The run ended itself: only the grace period for the process to exit is left.
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.child.send({ type: 'exit' });
    this.killAfter(this.limits.cancelGraceMs, () => undefined);
  }

  private childFault(fault: string): void {
    if (this.fault !== null) return;
    this.fault = fault;
    console.error(`run ${this.runId}: the run's process is killed: ${fault}`);
    this.child.kill();
  }

  private watchDeadline(): void {
    const seconds = this.plan.timeoutSeconds;
    if (!seconds || !Number.isFinite(seconds) || seconds <= 0) return;
    // setTimeout fires at once for delays past 2^31-1 ms: such a deadline is as good as none.
    const delayMs = seconds * 1000 + this.limits.cancelGraceMs;
    if (delayMs > MAX_TIMER_MS) return;
    this.deadlineTimer = setTimeout(() => {
      if (this.phase !== 'running') return;
      this.killedAfterTimeout = true;
      console.error(
        `run ${this.runId}: still running ${this.limits.cancelGraceMs} ms after its timeout: killed`,
      );
      this.child.kill();
    }, delayMs);
  }

  private killAfter(ms: number, before: () => void): void {
    if (this.killTimer) return;
    this.killTimer = setTimeout(() => {
      before();
      this.child.kill();
    }, ms);
  }

  private async afterExit(exit: RunProcessExit): Promise<HostedRunEnd> {
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    const wasStarting = this.phase === 'starting';
    this.phase = 'ended';
    for (const answer of this.inputAnswers.values())
      answer.reject(new RunHostError({ code: 'run_setup_failed', message: `run ${this.runId} has ended` }));
    this.inputAnswers.clear();
    if (this.childEnd && this.fault === null) return this.childEnd;
    // A run that could not start ended for the reason its child gave, whatever the exit was.
    const reason =
      this.startError?.message ??
      describeChildDeath(exit, this.stderr, {
        memoryLimitMb: this.limits.memoryLimitMb,
        killedAfterCancelMs: this.killedAfterCancelMs,
        killedAfterTimeoutS: this.killedAfterTimeout ? (this.plan.timeoutSeconds ?? null) : null,
        fault: this.fault,
      });
    const status =
      this.killedAfterCancelMs !== null ? 'cancelled' : this.killedAfterTimeout ? 'timeout' : 'failed';
    let end: HostedRunEnd = { status, error: reason, recordedBy: 'host' };
    try {
      const recorded = await recordDeadRun(this.plan, { status, error: reason });
      if (recorded && !recorded.recordedNow)
        end = { status: recorded.status, error: recorded.error, recordedBy: 'run' };
      if (recorded && !wasStarting)
        this.onEvent({
          type: 'run_ended',
          runId: this.runId,
          status: end.status as 'failed',
          error: end.error,
          at: isoMicros(),
        });
    } catch (error) {
      console.error(`run ${this.runId}: could not record how it ended (${reason}):`, error);
    }
    if (!this.startSettled)
      this.rejectStarted(
        new RunHostError({
          code: 'run_setup_failed',
          message: `run ${this.runId} could not start: ${reason}`,
        }),
      );
    return end;
  }
}
