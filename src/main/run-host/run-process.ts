import type { ParentMessage } from './protocol';

/** How a run's process ended: an exit code, or the signal that ended it. */
export interface RunProcessExit {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all. */
  startError?: string;
}

/**
 * A child process a run executes in, as the parent sees it: the same few operations whether it
 * was made by `child_process.fork` (dad serve, tests) or Electron's `utilityProcess` (desktop).
 */
export interface RunProcess {
  readonly pid: number | undefined;
  /** Sends a message; one the channel can no longer carry (the child is gone) is dropped. */
  send(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onStderr(listener: (text: string) => void): void;
  /** Called once, when the process is gone. */
  onExit(listener: (exit: RunProcessExit) => void): void;
  /** Ends the process at once (SIGKILL where there are signals). */
  kill(): void;
  /** Whether the process (and its channel) keeps the service's process from exiting. */
  keepParentAlive(keep: boolean): void;
}

export interface RunProcessOptions {
  /** The V8 heap limit of the child (`--max-old-space-size`). */
  memoryLimitMb: number;
}

export type RunProcessLauncher = (options: RunProcessOptions) => RunProcess;

export function memoryLimitArg(memoryLimitMb: number): string {
  return `--max-old-space-size=${memoryLimitMb}`;
}
