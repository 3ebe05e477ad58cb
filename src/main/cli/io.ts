import type { Readable } from 'node:stream';

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
  /** Calls `handler` on each Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Ends the process at once (the second Ctrl-C). */
  exitNow(code: number): void;
}

export function processIo(): CliIo {
  // Output piped into a reader that stops early (`| head`): the run goes on and ends properly, unseen.
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutOpen = false;
  });
  const write = (text: string) => {
    if (stdoutOpen) process.stdout.write(text);
  };
  return {
    print: (line) => write(`${line}\n`),
    write,
    warn: (line) => process.stderr.write(`${line}\n`),
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    exitNow: (code) => process.exit(code),
  };
}
