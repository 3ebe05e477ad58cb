import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spins in slices and yields between them, so the child still notices its parent going away (the
 * IPC channel closing) and exits, even when the parent was killed without running its own cleanup.
 */
const SPIN_SCRIPT = `
process.on('disconnect', () => process.exit(0));
const spin = () => {
  const until = Date.now() + 50;
  while (Date.now() < until);
  setImmediate(spin);
};
spin();
`;

/** How long {@link CpuBurner.waitForLoad} polls between two readings of the load average. */
const LOAD_POLL_MS = 1_000;

export interface LoadReached {
  /** The 1-minute load average when the wait ended. */
  loadAverage: number;
  /** Whether it reached the target (else the wait timed out). */
  reached: boolean;
  /** From the burners' start until the wait ended. */
  burningMs: number;
}

/**
 * Child processes that keep the CPUs busy, to measure something on a loaded machine. Each is a
 * plain `node` busy loop at normal priority. `stop()` kills them; so does the parent exiting
 * (`process.exit`, as on SIGINT), and a child whose parent died exits by itself.
 */
export class CpuBurner {
  private readonly children: ChildProcess[] = [];
  private readonly startedAt = performance.now();
  private readonly killOnExit = () => this.stop();

  private constructor(count: number) {
    process.once('exit', this.killOnExit);
    const env = { ...process.env };
    // The bench's own loader hooks have no business in a busy loop.
    delete env.NODE_OPTIONS;
    for (let i = 0; i < count; i++) {
      const child = spawn(process.execPath, ['-e', SPIN_SCRIPT], {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        env,
      });
      // An error (spawn failed) is seen by `running()`; nothing else to do with it here.
      child.on('error', () => undefined);
      this.children.push(child);
    }
  }

  static start(count: number): CpuBurner {
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`a CPU burner needs 1 or more processes, not ${count}`);
    return new CpuBurner(count);
  }

  /** The burners' process ids. */
  pids(): number[] {
    return this.children.flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Burners still alive. */
  running(): number {
    return this.children.filter((child) => child.exitCode === null && child.signalCode === null && child.pid)
      .length;
  }

  /** Milliseconds since the burners started. */
  burningMs(): number {
    return performance.now() - this.startedAt;
  }

  /**
   * Waits until the 1-minute load average is at least `target` and the burners have run at least
   * `minimumMs`, or `timeoutMs` went by; either way says what was reached, so the report can state
   * the load it measured under.
   */
  async waitForLoad(
    target: number,
    minimumMs: number,
    timeoutMs: number,
    onPoll: (loadAverage: number) => void = () => undefined,
  ): Promise<LoadReached> {
    const waitStarted = performance.now();
    for (;;) {
      const loadAverage = loadavg()[0] ?? NaN;
      if (this.running() === 0)
        throw new Error('every CPU burner process exited before the load was reached');
      if (loadAverage >= target && this.burningMs() >= minimumMs)
        return { loadAverage, reached: true, burningMs: this.burningMs() };
      if (performance.now() - waitStarted >= timeoutMs) {
        return { loadAverage, reached: false, burningMs: this.burningMs() };
      }
      onPoll(loadAverage);
      await sleep(LOAD_POLL_MS);
    }
  }

  /** Kills every burner (SIGKILL: a busy loop has nothing to clean up). Safe to call twice. */
  stop(): void {
    process.removeListener('exit', this.killOnExit);
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}
