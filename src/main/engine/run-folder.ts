import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from './errors';
import { jsonText, writeFileAtomic } from './io/atomic-write';
import { describeFileError } from './io/write-error';
import { readRunLock } from './run-liveness';

export const TRACE_DIR = '.trace';
export const METADATA_FILE = 'dad_metadata.json';
export const RUN_LOCK_FILE = 'run.lock';
export const TRACE_FILES = ['trace.jsonl', 'metrics.jsonl', 'logs.jsonl'] as const;

// Hidden, so readers never list a run folder that is still being made.
const STAGING_PREFIX = '.setup-';
// A staging folder without a readable lock is only left alone while its maker may still be writing it.
const ABANDONED_AFTER_MS = 60_000;

/**
 * Makes `<runRoot>/<runId>/` with `static_inputs/`, the empty trace files, the run lock and the
 * `initialized` metadata, all at once: they are laid out in a hidden folder that is then renamed
 * into place, so a process killed at any moment leaves either no run folder or one whose metadata
 * says it was started. A failure names the file and the step, and leaves nothing behind.
 */
export async function createRunFolder(options: {
  runRoot: string;
  runId: string;
  metadata: Record<string, unknown>;
}): Promise<string> {
  const { runRoot, runId } = options;
  const runDir = join(runRoot, runId);
  const staging = join(runRoot, `${STAGING_PREFIX}${runId}`);
  const traceDir = join(staging, TRACE_DIR);
  let step = { action: 'creating the run folder', path: runRoot };
  try {
    await mkdir(runRoot, { recursive: true });
    await removeAbandonedStagingFolders(runRoot);
    step = { action: 'creating', path: join(staging, 'static_inputs') };
    await mkdir(step.path, { recursive: true });
    step = { action: 'creating', path: traceDir };
    await mkdir(traceDir);
    // The lock first, whole or not at all: from here on a reader (or the next run's clean-up) can
    // tell whether the process that holds it lives.
    step = { action: 'writing', path: join(traceDir, RUN_LOCK_FILE) };
    await writeFileAtomic(step.path, JSON.stringify({ pid: process.pid, host: hostname() }) + '\n');
    for (const file of TRACE_FILES) {
      step = { action: 'creating', path: join(traceDir, file) };
      await writeFile(step.path, '', { flag: 'wx' });
    }
    step = { action: 'writing', path: join(traceDir, METADATA_FILE) };
    await writeFile(step.path, paddedMetadataText(options.metadata));
    step = { action: 'moving into place', path: runDir };
    await rename(staging, runDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    throw new EngineError(
      'run_setup_failed',
      `run ${runId} could not start: ${describeFileError(step.action, step.path, staging, error)} ` +
        `(run folder ${runDir})`,
      { cause: error },
    );
  }
  return runDir;
}

/**
 * The early metadata, padded with trailing spaces (still valid JSON) to a size the final metadata
 * fits in: on a full disk the end is then written in place, into blocks the file already holds.
 */
const METADATA_RESERVED_BYTES = 4096;

function paddedMetadataText(metadata: Record<string, unknown>): string {
  const text = jsonText(metadata);
  const size = Buffer.byteLength(text, 'utf8');
  return size >= METADATA_RESERVED_BYTES ? text : text + ' '.repeat(METADATA_RESERVED_BYTES - size);
}

/** Removes staging folders left by processes killed while making their run folder. */
async function removeAbandonedStagingFolders(runRoot: string): Promise<void> {
  const names = (await readdir(runRoot)).filter((name) => name.startsWith(STAGING_PREFIX));
  for (const name of names) {
    const dir = join(runRoot, name);
    const lock = await readRunLock(dir);
    const abandoned =
      lock.kind === 'dead' ||
      ((lock.kind === 'none' || lock.kind === 'unreadable') && (await olderThan(dir, ABANDONED_AFTER_MS)));
    if (abandoned) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs > ms;
}
