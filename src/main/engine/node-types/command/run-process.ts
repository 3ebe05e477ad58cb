import { spawn, type ChildProcess } from 'node:child_process';
import { CappedOutput } from './capped-output';
import { splitCommandLine } from './split-command';

export interface ProcessRunOptions {
  command: string;
  /** Run through `/bin/sh -c`; otherwise the command line is split into argv and run directly. */
  shell: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal;
  /** Time between SIGTERM and SIGKILL when the process group is stopped. */
  killGraceMs?: number;
  /** How long to keep reading after the process exits, while background children still hold its pipes. */
  drainMs?: number;
}

export interface ProcessRunResult {
  exitCode: number | null;
  /** The signal that ended the process, when one did. */
  signalName: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started at all. */
  spawnError: string | null;
}

const DEFAULT_KILL_GRACE_MS = 2000;
const DEFAULT_DRAIN_MS = 250;

/** Sends a signal to the whole process group the child leads, so that its own children get it too. */
function signalGroup(child: ChildProcess, signalName: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signalName);
    else process.kill(-child.pid, signalName);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupIsAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function spawnInOwnGroup(options: ProcessRunOptions): ChildProcess {
  const common = {
    cwd: options.cwd,
    env: options.env,
    // A new process group, so a timeout or cancel can stop grandchildren as well.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
  };
  if (options.shell) return spawn(options.command, { ...common, shell: true });
  const [file, ...args] = splitCommandLine(options.command);
  if (file === undefined) throw new Error('empty command');
  return spawn(file, args, common);
}

/**
 * Runs one command in its own process group, with captured (capped) output and a time limit. On
 * timeout the group is stopped and the result says so; when `signal` aborts, the group is stopped
 * and the promise rejects with Error('cancelled') without waiting for the processes to go.
 */
export function runProcess(options: ProcessRunOptions): Promise<ProcessRunResult> {
  if (options.signal.aborted) return Promise.reject(new Error('cancelled'));
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;

  return new Promise<ProcessRunResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnInOwnGroup(options);
    } catch (error) {
      reject(error);
      return;
    }

    const stdout = new CappedOutput(options.maxOutputBytes);
    const stderr = new CappedOutput(options.maxOutputBytes);
    child.stdout?.on('data', (chunk: Buffer) => stdout.append(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.append(chunk));

    let settled = false;
    let timedOut = false;
    let killSent = false;
    let drainTimer: NodeJS.Timeout | undefined;

    const stopGroup = (): void => {
      if (killSent) return;
      killSent = true;
      signalGroup(child, 'SIGTERM');
      // Unref'd: a finished CLI should not wait out the grace period for nothing.
      setTimeout(() => {
        if (groupIsAlive(child)) signalGroup(child, 'SIGKILL');
      }, killGraceMs).unref();
    };

    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, options.timeoutMs);

    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(drainTimer);
      options.signal.removeEventListener('abort', onAbort);
      settle();
    };

    const resultWith = (
      exitCode: number | null,
      signalName: NodeJS.Signals | null,
      spawnError: string | null,
    ): ProcessRunResult => ({
      exitCode,
      signalName,
      stdout: stdout.toString(),
      stderr: stderr.toString(),
      timedOut,
      spawnError,
    });

    function onAbort(): void {
      stopGroup();
      finish(() => reject(new Error('cancelled')));
    }
    options.signal.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      finish(() => resolve(resultWith(null, null, error.message)));
    });
    child.on('exit', (code, signalName) => {
      // A background child may keep the pipes open for a long time; read a little longer, then stop.
      drainTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(() => resolve(resultWith(code, signalName, null)));
      }, drainMs);
    });
    child.on('close', (code, signalName) => {
      finish(() => resolve(resultWith(code, signalName, null)));
    });
  });
}
