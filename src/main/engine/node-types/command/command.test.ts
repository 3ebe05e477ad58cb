import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestNodeContext,
  type TestNodeContext,
} from '../../../../../test-support/engine/node-run-context';
import { isProcessRunning, waitFor } from '../../../../../test-support/engine/process-state';
import { commandNode, type CommandNodeData, type CommandNodeOutcome, type CommandSettings } from './index';

let t: TestNodeContext;

beforeEach(async () => {
  t = await createTestNodeContext({ nodeId: 'run_commands', nodeType: 'command' });
});

afterEach(async () => {
  await t.cleanup();
});

function run(settings: CommandSettings, input?: Parameters<typeof commandNode.execute>[2]) {
  return commandNode.execute(t.context, commandNode.settingsSchema.parse(settings), input);
}

function readPid(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

describe('command node', () => {
  it('runs every command and reports their output and counts', async () => {
    const output = await run({ commands: ['echo hello', 'echo oops >&2'] });
    const data = output.data as CommandNodeData;
    const outcome = output.outcome as CommandNodeOutcome;

    expect(output.failure).toBeUndefined();
    expect(data.all_succeeded).toBe(true);
    expect(data.results).toEqual([
      { command: 'echo hello', returncode: 0, stdout: 'hello\n', stderr: '', success: true, error: null },
      { command: 'echo oops >&2', returncode: 0, stdout: '', stderr: 'oops\n', success: true, error: null },
    ]);
    expect(outcome).toMatchObject({
      all_succeeded: true,
      total_commands: 2,
      successful_commands: 2,
      failed_commands: 0,
    });
    expect(outcome.results).toEqual(data.results);
  });

  it('stops at the first failing command with fail_fast and names it in the failure', async () => {
    const output = await run({ commands: ['true', 'echo before; exit 3', 'echo never'] });
    const data = output.data as CommandNodeData;
    const outcome = output.outcome as CommandNodeOutcome;

    expect(data.all_succeeded).toBe(false);
    expect(data.results.map((r) => r.command)).toEqual(['true', 'echo before; exit 3']);
    expect(data.results[1]).toMatchObject({ returncode: 3, success: false, stdout: 'before\n' });
    expect(outcome).toMatchObject({ total_commands: 3, successful_commands: 1, failed_commands: 1 });
    expect(output.failure?.message).toContain('"echo before; exit 3" exited with code 3');
  });

  it('runs the remaining commands when fail_fast is false', async () => {
    const output = await run({ commands: ['exit 2', 'echo after'], fail_fast: false });
    const data = output.data as CommandNodeData;

    expect(data.results.map((r) => [r.returncode, r.success])).toEqual([
      [2, false],
      [0, true],
    ]);
    expect(data.results[1]?.stdout).toBe('after\n');
    expect(output.failure?.message).toBe('command "exit 2" exited with code 2');
  });

  it('on timeout kills the whole process group, grandchildren included', async () => {
    const pidFile = path.join(t.rootDir, 'grandchild.pid');
    const started = Date.now();
    const output = await run({
      commands: [`sh -c 'sleep 30 & echo $! > ${pidFile}; sleep 30'`],
      timeout: 0.5,
    });
    const data = output.data as CommandNodeData;

    // A hang guard, not a speed target: without the timeout firing, the command sleeps 30 s.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(data.results[0]).toMatchObject({
      success: false,
      returncode: null,
      error: 'timed out after 0.5 s',
    });
    expect(output.failure?.message).toContain('timed out after 0.5 s');
    const grandchild = readPid(pidFile);
    expect(await waitFor(() => !isProcessRunning(grandchild), 5000)).toBe(true);
  });

  it('passes settings and input env vars to the command, input winning, and never logs their values', async () => {
    const output = await run(
      {
        commands: ['echo "$SHARED $ONLY_SETTINGS $API_TOKEN"'],
        env_vars: { SHARED: 'settings', ONLY_SETTINGS: 's' },
      },
      { env_vars: { SHARED: 'input', API_TOKEN: 'sekrit-token-value' } },
    );
    const data = output.data as CommandNodeData;

    expect(data.results[0]?.stdout).toBe('input s sekrit-token-value\n');
    expect(t.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.logs)).not.toContain('sekrit-token-value');
  });

  it('uses input commands instead of the settings commands', async () => {
    const output = await run({ commands: ['echo from-settings'] }, { commands: ['echo from-input'] });
    expect((output.data as CommandNodeData).results.map((r) => r.stdout)).toEqual(['from-input\n']);
  });

  it('runs in working_dir relative to the project root, and in the run directory by default', async () => {
    await mkdir(path.join(t.projectRoot, 'sub'));
    const inSub = await run({ commands: ['pwd'], working_dir: 'sub' });
    const byDefault = await run({ commands: ['pwd'] });

    expect((inSub.data as CommandNodeData).results[0]?.stdout.trim()).toBe(path.join(t.projectRoot, 'sub'));
    expect((byDefault.data as CommandNodeData).results[0]?.stdout.trim()).toBe(t.runDir);
  });

  it('refuses a working_dir that does not exist, naming it', async () => {
    await expect(run({ commands: ['pwd'], working_dir: 'missing' })).rejects.toThrow(
      path.join(t.projectRoot, 'missing'),
    );
  });

  it('caps each stream at max_output_bytes and says how many bytes were cut', async () => {
    const output = await run({
      commands: ["head -c 1000 /dev/zero | tr '\\0' a; head -c 300 /dev/zero | tr '\\0' b >&2"],
      max_output_bytes: 100,
    });
    const result = (output.data as CommandNodeData).results[0];

    expect(result?.stdout.startsWith('a'.repeat(100) + '\n')).toBe(true);
    expect(result?.stdout).not.toContain('a'.repeat(101));
    expect(result?.stdout).toContain('900 bytes cut');
    expect(result?.stderr).toContain('200 bytes cut');
  });

  it('stops the process group and throws "cancelled" promptly when the run is aborted', async () => {
    const pidFile = path.join(t.rootDir, 'grandchild.pid');
    const pending = run({ commands: [`sh -c 'sleep 30 & echo $! > ${pidFile}; sleep 30'`, 'echo never'] });
    expect(
      await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 5000),
    ).toBe(true);

    const abortedAt = Date.now();
    t.abort();
    await expect(pending).rejects.toThrow('cancelled');
    // A hang guard, not a speed target: a cancel that waited for the commands would take 30 s.
    expect(Date.now() - abortedAt).toBeLessThan(20_000);
    const grandchild = readPid(pidFile);
    expect(await waitFor(() => !isProcessRunning(grandchild), 5000)).toBe(true);
  });

  it('throws "cancelled" without running anything when the run is already aborted', async () => {
    const marker = path.join(t.rootDir, 'ran');
    t.abort();
    await expect(run({ commands: [`touch ${marker}`] })).rejects.toThrow('cancelled');
    expect(existsSync(marker)).toBe(false);
  });

  it('without a shell runs argv directly and expands nothing', async () => {
    const output = await run({ commands: [`printf '%s|' 'a b' $HOME "c\\"d"`], shell: false });
    expect((output.data as CommandNodeData).results[0]?.stdout).toBe('a b|$HOME|c"d|');
  });

  it('reports a program that cannot be started without a shell as a failed command', async () => {
    const output = await run({ commands: ['no-such-program-xyz --flag'], shell: false });
    const result = (output.data as CommandNodeData).results[0];
    expect(result).toMatchObject({ success: false, returncode: null });
    expect(result?.error).toContain('could not start');
    expect(output.failure?.message).toContain('no-such-program-xyz');
  });

  it('rejects settings without commands and with unknown keys', () => {
    expect(commandNode.settingsSchema.safeParse({ commands: [] }).success).toBe(false);
    expect(commandNode.settingsSchema.safeParse({ commands: ['ls'], timout: 5 }).success).toBe(false);
    expect(commandNode.inputSchema.safeParse({ env_vars: { A: 1 } }).success).toBe(false);
  });
});
