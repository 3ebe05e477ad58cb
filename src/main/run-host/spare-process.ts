import type { RunProcess, RunProcessExit, RunProcessLauncher } from './run-process';

/**
 * A run process started ahead of the run that will use it: starting one (Node, then the engine
 * and its dependencies) takes seconds, which a run would otherwise wait before it can start.
 * Until the process is taken, what it says is kept for whoever takes it; it does not keep the
 * service's process alive, and it is never used for two runs.
 */
export class SpareRunProcess {
  private readonly messages: unknown[] = [];
  private stderr = '';
  private exit: RunProcessExit | null = null;
  private claimed = false;

  private constructor(
    private readonly process: RunProcess,
    readonly memoryLimitMb: number,
  ) {
    process.onMessage((message) => {
      if (!this.claimed) this.messages.push(message);
    });
    process.onStderr((text) => {
      if (!this.claimed) this.stderr = (this.stderr + text).slice(-8000);
    });
    process.onExit((exit) => {
      if (!this.claimed) this.exit = exit;
    });
    process.keepParentAlive(false);
  }

  static launch(launch: RunProcessLauncher, memoryLimitMb: number): SpareRunProcess {
    return new SpareRunProcess(launch({ memoryLimitMb }), memoryLimitMb);
  }

  /** Whether the process can still be taken (it has not died while waiting). */
  get usable(): boolean {
    return !this.claimed && this.exit === null;
  }

  /** The process, with what it said while waiting delivered to the first listeners. */
  take(): RunProcess {
    this.claimed = true;
    const child = this.process;
    child.keepParentAlive(true);
    const messages = this.messages.splice(0);
    const stderr = this.stderr;
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.send(message),
      onMessage: (listener) => {
        for (const message of messages) queueMicrotask(() => listener(message));
        child.onMessage(listener);
      },
      onStderr: (listener) => {
        if (stderr) queueMicrotask(() => listener(stderr));
        child.onStderr(listener);
      },
      onExit: (listener) => {
        const exit = this.exit;
        if (exit) queueMicrotask(() => listener(exit));
        else child.onExit(listener);
      },
      kill: () => child.kill(),
      keepParentAlive: (keep) => child.keepParentAlive(keep),
    };
  }

  discard(): void {
    if (this.claimed) return;
    this.claimed = true;
    this.process.kill();
  }
}
