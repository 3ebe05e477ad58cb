import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunDirectory } from './run-directory';
import { runDurationSeconds } from '../../shared/run-duration';
import { listEntryOf } from '../reader/list-runs';
import { runAgent, sayAgent } from '../../../test-support/compare/compare-projects';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-directory-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A run folder whose end was never recorded, with the given lock. */
async function startedRun(lock: unknown): Promise<string> {
  const runDir = join(root, 'run_20260101_000000_abcdef');
  await mkdir(join(runDir, '.trace'), { recursive: true });
  await writeFile(
    join(runDir, '.trace', 'dad_metadata.json'),
    JSON.stringify({ run_id: 'run_20260101_000000_abcdef', status: 'initialized' }),
  );
  await writeFile(join(runDir, '.trace', 'run.lock'), JSON.stringify(lock));
  return runDir;
}

describe('the status of a run whose end is not recorded', () => {
  it.each([0, -1])('a lock naming pid %i is not a live process: interrupted', async (pid) => {
    const runDir = await startedRun({ pid, host: hostname() });
    expect((await readRunDirectory(runDir)).run.status).toBe('interrupted');
  });

  it('a lock held by this live process: running', async () => {
    const runDir = await startedRun({ pid: process.pid, host: hostname() });
    expect((await readRunDirectory(runDir)).run.status).toBe('running');
  });
});

describe('a compared run reads as the runs table lists it', () => {
  it('a run without model calls has unknown tokens and cost, and the one duration of the run', async () => {
    const { runDir } = await runAgent(root, sayAgent('no model here'));
    const { run } = await readRunDirectory(runDir);
    expect(run).toMatchObject({ status: 'completed', tokens: null, cost: null });
    const listed = await listEntryOf(runDir);
    expect(run.durationSeconds).not.toBeNull();
    expect(run.durationSeconds).toBe(listed.durationSeconds);
    expect(run.durationSeconds).toBe(runDurationSeconds(listed));
  });
});
