import type { ForkOptions, UtilityProcess } from 'electron';
import {
  memoryLimitArg,
  type RunProcess,
  type RunProcessExit,
  type RunProcessLauncher,
} from '../run-host/run-process';

/** The part of Electron's `utilityProcess` a run uses (passed in, so this file loads without Electron). */
export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityLike;
export type UtilityLike = Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill' | 'stderr'> & {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
};

/**
 * Runs in the desktop app execute in Electron utility processes started from the bundled child
 * entry: the same RunProcess as a forked child, mapped onto the utility process's API.
 */
export function utilityRunProcessLauncher(fork: UtilityFork, entryFile: string): RunProcessLauncher {
  return (options) => {
    const child = fork(entryFile, [], {
      execArgv: [memoryLimitArg(options.memoryLimitMb)],
      stdio: ['ignore', 'inherit', 'pipe'],
      serviceName: 'DAD agent run',
    });
    return runProcessOfUtility(child);
  };
}

export function runProcessOfUtility(child: UtilityLike): RunProcess {
  let exited = false;
  const exitListeners: ((exit: RunProcessExit) => void)[] = [];
  // A utility process reports an exit code only; a kill shows as the code waitpid gave.
  child.on('exit', (code) => {
    exited = true;
    for (const listener of exitListeners) listener({ code, signal: null });
  });
  child.stderr?.setEncoding('utf8');
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onStderr: (listener) => child.stderr?.on('data', (chunk: string | Buffer) => listener(String(chunk))),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (exited) return;
      // kill() asks with SIGTERM, which agent code may catch: a stuck run needs SIGKILL.
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      else child.kill();
    },
    // Electron ends utility processes with the app.
    keepParentAlive: () => undefined,
  };
}
