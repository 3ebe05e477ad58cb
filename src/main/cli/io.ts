import { constants } from 'node:os';
import type { Readable } from 'node:stream';

/** The signals that stop a command the way Ctrl-C does: from a terminal, a supervisor or a closed session. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** Where a command reads and writes, and how it hears Ctrl-C: the process, or a test's streams. */
export interface CliIo {
  /** A line on stdout. */
  print(line: string): void;
  /** Text on stdout as it is (streamed model output). */
  write(text: string): void;
  /** A line on stderr: prompts, warnings, errors. */
  warn(line: string): void;
  stdin: Readable;
  stdinIsTTY: boolean;
  cwd: string;
  /** Calls `handler` on each SIGINT (Ctrl-C), SIGTERM or SIGHUP until the returned function is called. */
  onInterrupt(handler: (signal: StopSignal) => void): () => void;
  /** Ends the process at once (the second Ctrl-C). */
  exitNow(code: number): void;
}

/** The exit code of a process a signal stopped, as shells report it: 128 + the signal's number. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

export function processIo(): CliIo {
  // Output piped into a reader that stops early (`| head`), or a terminal that hung up: the run goes
  // on and ends properly, unseen.
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    stdoutOpen = false;
  });
  let stderrOpen = true;
  process.stderr.on('error', () => {
    stderrOpen = false;
  });
  const write = (text: string) => {
    if (stdoutOpen) process.stdout.write(text);
  };
  return {
    print: (line) => write(`${line}\n`),
    write,
    warn: (line) => {
      if (stderrOpen) process.stderr.write(`${line}\n`);
    },
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    onInterrupt(handler) {
      const listeners = STOP_SIGNALS.map((signal) => {
        const listener = () => handler(signal);
        process.on(signal, listener);
        return [signal, listener] as const;
      });
      return () => {
        for (const [signal, listener] of listeners) process.off(signal, listener);
      };
    },
    exitNow: (code) => process.exit(code),
  };
}
