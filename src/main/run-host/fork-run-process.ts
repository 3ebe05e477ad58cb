import { fork } from 'node:child_process';
import { childEntry } from './child-entry';
import { memoryLimitArg, type RunProcess, type RunProcessExit, type RunProcessOptions } from './run-process';

/** A run's process made by `child_process.fork` with this Node (dad serve and tests). */
export function forkRunProcess(options: RunProcessOptions): RunProcess {
  const entry = childEntry();
  const child = fork(entry.file, [], {
    execPath: process.execPath,
    execArgv: [...entry.execArgv, memoryLimitArg(options.memoryLimitMb)],
    // Agent output goes where the service's goes; stderr is also kept to say why a child died.
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const exitListeners: ((exit: RunProcessExit) => void)[] = [];
  let exited = false;
  const exit = (value: RunProcessExit) => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(value);
  };
  child.on('exit', (code, signal) => exit({ code, signal }));
  child.on('error', (error) => {
    // Also raised when a message cannot be sent to a child that is going: only a child that never
    // started is over here; any other ends through 'exit'.
    if (child.pid === undefined) exit({ code: null, signal: null, startError: error.message });
  });
  child.stderr?.setEncoding('utf8');
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message, () => undefined);
    },
    onMessage: (listener) => child.on('message', listener),
    onStderr: (listener) => child.stderr?.on('data', listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    keepParentAlive: (keep) => {
      // The process, its channel and its stderr pipe each hold the event loop.
      const handles = [child.channel, child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[];
      if (keep) child.ref();
      else child.unref();
      for (const handle of handles) {
        if (keep) handle?.ref();
        else handle?.unref();
      }
    },
  };
}
