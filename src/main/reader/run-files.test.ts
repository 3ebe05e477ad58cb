import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isFolderInside,
  openFileInside,
  readTextInside,
  RunFileRefusedError,
  swapRefusal,
} from './run-files';

let root: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-files-'));
  outside = await mkdtemp(join(tmpdir(), 'run-files-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'SECRET-CANARY');
  await mkdir(join(root, 'run', '.trace'), { recursive: true });
  await writeFile(join(root, 'run', '.trace', 'trace.jsonl'), '{"name":"a"}\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<RunFileRefusedError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RunFileRefusedError);
  expect(String((error as Error).message)).not.toContain('SECRET-CANARY');
  return error as RunFileRefusedError;
}

describe('files read from a run folder', () => {
  it('reads a regular file inside, and answers null for a missing one', async () => {
    expect(await readTextInside(root, 'run/.trace/trace.jsonl', 1024)).toBe('{"name":"a"}\n');
    expect(await readTextInside(root, 'run/.trace/missing.jsonl', 1024)).toBeNull();
    expect(await openFileInside(root, 'nothing/here.json')).toBeNull();
  });

  it('refuses a link to a file outside, naming the file', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'run', 'run_summary.json'));
    const error = await refusal(readTextInside(root, 'run/run_summary.json', 1024));
    expect(error.reason).toBe('symlink');
    expect(error.message).toContain('run_summary.json');
  });

  it('refuses a linked folder on the way (a linked .trace or run folder)', async () => {
    await rm(join(root, 'run', '.trace'), { recursive: true });
    await mkdir(join(outside, 'trace'));
    await writeFile(join(outside, 'trace', 'logs.jsonl'), 'SECRET-CANARY\n');
    await symlink(join(outside, 'trace'), join(root, 'run', '.trace'));
    expect((await refusal(readTextInside(root, 'run/.trace/logs.jsonl', 1024))).reason).toBe('symlink');
    await symlink(outside, join(root, 'linked_run'));
    await expect(isFolderInside(root, 'linked_run')).rejects.toThrow(/symbolic link/);
  });

  it('refuses a FIFO without hanging, and a link to a device', async () => {
    execFileSync('mkfifo', [join(root, 'run', '.trace', 'metrics.jsonl')]);
    expect((await refusal(readTextInside(root, 'run/.trace/metrics.jsonl', 1024))).reason).toBe(
      'not_regular',
    );
    await symlink('/dev/zero', join(root, 'run', '.trace', 'logs.jsonl'));
    expect((await refusal(readTextInside(root, 'run/.trace/logs.jsonl', 1024))).reason).toBe('symlink');
  });

  it('refuses paths that climb out, and files over the bound', async () => {
    expect((await refusal(readTextInside(root, '../secret.txt', 1024))).reason).toBe('outside');
    expect((await refusal(readTextInside(root, '/etc/passwd', 1024))).reason).toBe('outside');
    const error = await refusal(readTextInside(root, 'run/.trace/trace.jsonl', 4));
    expect(error.reason).toBe('too_large');
    expect(error.message).toMatch(/trace\.jsonl: is 13 B, more than the 4 B/);
  });

  it('tells a real folder from a missing one and from a file', async () => {
    expect(await isFolderInside(root, 'run')).toBe(true);
    expect(await isFolderInside(root, 'other')).toBe(false);
    await expect(isFolderInside(root, 'run/.trace/trace.jsonl')).rejects.toThrow(/not a folder/);
  });

  it('tells a file swapped for another regular file, or for a FIFO, from the file it checked', async () => {
    const trace = join(root, 'run', '.trace', 'trace.jsonl');
    const checked = await lstat(trace);
    expect(swapRefusal(checked, await stat(trace))).toBeNull();
    const other = join(root, 'run', 'other.json');
    await writeFile(other, '{}');
    expect(swapRefusal(checked, await stat(other))).toBe('changed');
    const fifo = join(root, 'run', 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(swapRefusal(checked, await stat(fifo))).toBe('not_regular');
  });
});
