import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunProcessExit } from '../run-host/run-process';
import { utilityRunProcessLauncher, type UtilityLike } from './utility-run-process';

/**
 * Electron cannot run here: a stand-in with the utility process's API (messages, exit code,
 * stderr stream) checks the mapping, with a real process behind its pid for the kill.
 */
class StandInUtility extends EventEmitter {
  readonly posted: unknown[] = [];
  readonly stderr = new PassThrough();
  constructor(readonly pid: number | undefined) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    return true;
  }
}

describe('runs in Electron utility processes', () => {
  it('forks the bundled entry with the memory limit and maps messages, stderr and exit', () => {
    const forks: { file: string; execArgv: string[] | undefined }[] = [];
    const utility = new StandInUtility(undefined);
    const launch = utilityRunProcessLauncher((file, _args, options) => {
      forks.push({ file, execArgv: options.execArgv });
      return utility as unknown as UtilityLike;
    }, '/app/out/main/run-host-child.js');
    const run = launch({ memoryLimitMb: 512 });
    expect(forks).toEqual([
      { file: '/app/out/main/run-host-child.js', execArgv: ['--max-old-space-size=512'] },
    ]);

    const received: unknown[] = [];
    const stderr: string[] = [];
    const exits: RunProcessExit[] = [];
    run.onMessage((message) => received.push(message));
    run.onStderr((text) => stderr.push(text));
    run.onExit((exit) => exits.push(exit));
    run.send({ type: 'cancel', reason: 'stop' });
    utility.emit('message', { type: 'ready' });
    utility.stderr.write('boom\n');
    utility.emit('exit', 3);
    run.send({ type: 'exit' });

    expect(utility.posted).toEqual([{ type: 'cancel', reason: 'stop' }]);
    expect(received).toEqual([{ type: 'ready' }]);
    expect(stderr.join('')).toBe('boom\n');
    expect(exits).toEqual([{ code: 3, signal: null }]);
  });

  it('kills with SIGKILL (a stuck agent may ignore the SIGTERM of kill())', async () => {
    const sleeper = spawn('sleep', ['30']);
    const ended = once(sleeper, 'exit');
    const utility = new StandInUtility(sleeper.pid);
    const launch = utilityRunProcessLauncher(() => utility as unknown as UtilityLike, 'entry.js');
    try {
      launch({ memoryLimitMb: 64 }).kill();
      const [, signal] = await ended;
      expect(signal).toBe('SIGKILL');
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
