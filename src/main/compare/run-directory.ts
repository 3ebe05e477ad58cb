import { lstat, readdir } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import type { ComparedRun } from '../../shared/compare-data';
import { runDurationSeconds } from '../../shared/run-duration';
import { EngineError, errorMessage } from '../engine/errors';
import { listEntryOf } from '../reader/list-runs';
import { formatBytes, openFileInside, RunFileRefusedError } from '../reader/run-files';
import { jsonErrorDetail, jsonObjectOf, MAX_RUN_JSON_BYTES, readJsonInside } from '../reader/run-json';

/** What one node's `result.json` holds, with the bytes it was read from. */
export interface NodeRecord {
  hierarchyPath: string;
  nodeId: string;
  bytes: Buffer;
  result: Record<string, unknown> | null;
}

export interface RunDirectory {
  run: ComparedRun;
  /** By dotted hierarchy path. */
  nodes: Map<string, NodeRecord>;
  problems: string[];
}

/** Folders of a run directory that hold no node results. */
const NOT_NODE_FOLDERS = new Set(['.trace', 'static_inputs', 'outcome']);
const SEGMENT = /^[a-zA-Z0-9_]+$/;
const RUN_ID = /^[a-zA-Z0-9_]{1,200}$/;
/** A result.json larger than this is not read (its node is listed without its contents). */
const MAX_RESULT_BYTES = MAX_RUN_JSON_BYTES;
const MAX_DEPTH = 64;
const READ_CONCURRENCY = 16;

/**
 * Reads a run directory's metadata, summary and node results; what cannot be read is named in
 * `problems`. Files are opened the guarded way (see reader/run-files.ts): a link, a FIFO or a
 * device is named and left out, and a run directory that is itself a link is refused.
 */
export async function readRunDirectory(runDir: string): Promise<RunDirectory> {
  await requireRunFolder(runDir);
  const problems: string[] = [];
  const nodes = await readNodes(runDir, problems);
  const run = await runFacts(runDir, nodes, problems);
  return { run, nodes, problems };
}

/** The previous run a re-run continued, from `.trace/dad_metadata.json`, or null for a fresh run. */
export async function previousRunOf(runDir: string): Promise<string | null> {
  await requireRunFolder(runDir);
  const metadata = await readJsonObject(runDir, '.trace/dad_metadata.json', []);
  const previous = objectOf(metadata?.rerun_info)?.previous_run_id;
  return typeof previous === 'string' && RUN_ID.test(previous) ? previous : null;
}

/** Commits the run's nodes say they made in the outcome repository (`output.data.commit.sha`). */
export function recordedOutcomeCommits(nodes: Iterable<NodeRecord>): string[] {
  const shas: string[] = [];
  for (const node of nodes) {
    const data = objectOf(objectOf(node.result?.output)?.data);
    const sha = objectOf(data?.commit)?.sha;
    if (typeof sha === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) shas.push(sha);
  }
  return shas;
}

/**
 * The run as the runs table lists it (reader/list-runs.ts): one status, one duration and the same
 * tokens and cost (null when unknown, never a zero for a run without model calls), plus its nodes.
 */
async function runFacts(
  runDir: string,
  nodes: Map<string, NodeRecord>,
  problems: string[],
): Promise<ComparedRun> {
  const entry = await listEntryOf(runDir);
  // The trace's own problems are named by the duration scan (trace-durations.ts).
  for (const problem of entry.problems ?? []) if (!problem.includes('trace.jsonl')) problems.push(problem);
  return {
    runId: basename(runDir),
    dir: runDir,
    rootComponentId: entry.rootComponentId ?? rootFolderOf(nodes),
    status: entry.status,
    createdAt: entry.createdAt,
    completedAt: entry.completedAt,
    // Reckoned from the entry's times: an entry kept from an earlier version may hold another figure.
    durationSeconds: runDurationSeconds(entry),
    tokens: entry.tokens,
    cost: entry.cost,
    previousRunId: entry.previousRunId,
    startHierarchyPath: entry.startHierarchyPath,
    error: entry.error,
    nodeCount: nodes.size,
  };
}

/** Walks the run directory for `result.json` files; the folder path is the node's hierarchy path. */
async function readNodes(runDir: string, problems: string[]): Promise<Map<string, NodeRecord>> {
  const found: { file: string; segments: string[] }[] = [];
  const pending: { dir: string; segments: string[] }[] = [{ dir: runDir, segments: [] }];
  while (pending.length > 0) {
    const { dir, segments } = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push(`could not read the folder ${dir}: ${errorMessage(error)}`);
      continue;
    }
    for (const entry of entries) {
      // Symbolic links are not followed: they could lead out of the run directory.
      if (!entry.isDirectory()) continue;
      if (segments.length === 0 && NOT_NODE_FOLDERS.has(entry.name)) continue;
      if (!SEGMENT.test(entry.name)) {
        if (!entry.name.startsWith('.'))
          problems.push(`skipped the folder ${join(dir, entry.name)}: not a valid id`);
        continue;
      }
      if (segments.length >= MAX_DEPTH) {
        problems.push(`skipped the folder ${join(dir, entry.name)}: nested deeper than ${MAX_DEPTH} levels`);
        continue;
      }
      pending.push({ dir: join(dir, entry.name), segments: [...segments, entry.name] });
    }
    // A result.json that is not a plain file (a link, a FIFO) is named as refused when read.
    if (segments.length > 0 && entries.some((entry) => entry.name === 'result.json')) {
      found.push({ file: join(...segments, 'result.json'), segments });
    }
  }
  const records = new Array<NodeRecord>(found.length);
  let next = 0;
  // A few reads at a time: a run of thousands of nodes is read in parallel without opening them all at once.
  const reader = async (): Promise<void> => {
    for (let index = next++; index < found.length; index = next++) {
      const { file, segments } = found[index];
      records[index] = await readNode(runDir, file, segments, problems);
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, reader));
  return new Map(records.map((record) => [record.hierarchyPath, record]));
}

async function readNode(
  runDir: string,
  file: string,
  segments: string[],
  problems: string[],
): Promise<NodeRecord> {
  const hierarchyPath = segments.join('.');
  const fallbackId = segments[segments.length - 1];
  const empty = { hierarchyPath, nodeId: fallbackId, bytes: Buffer.alloc(0), result: null };
  let bytes: Buffer;
  try {
    const read = await readBounded(runDir, file);
    if (read === null) return empty;
    if ('tooLarge' in read) {
      problems.push(
        `${join(runDir, file)} is ${formatBytes(read.tooLarge)}: too large to compare, so its contents are left out`,
      );
      return empty;
    }
    bytes = read.bytes;
  } catch (error) {
    problems.push(unreadable(runDir, file, error));
    return empty;
  }
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push(`${join(runDir, file)} is not valid JSON${jsonErrorDetail(error, text)}`);
    return { ...empty, bytes };
  }
  const result = objectOf(value);
  if (result === null) problems.push(`${join(runDir, file)} does not hold a JSON object`);
  const nodeId = stringOr(result?.node_identifier) ?? fallbackId;
  return { hierarchyPath, nodeId, bytes, result };
}

/** A node file's bytes, its size when over the bound, or null when it is gone. */
async function readBounded(
  runDir: string,
  file: string,
): Promise<{ bytes: Buffer } | { tooLarge: number } | null> {
  const handle = await openFileInside(runDir, file);
  if (!handle) return null;
  try {
    const { size } = await handle.stat();
    if (size > MAX_RESULT_BYTES) return { tooLarge: size };
    const bytes = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled) };
  } finally {
    await handle.close();
  }
}

async function readJsonObject(
  runDir: string,
  file: string,
  problems: string[],
): Promise<Record<string, unknown> | null> {
  const read = await readJsonInside(runDir, file);
  if (read.kind === 'missing') return null;
  if (read.kind === 'bad') {
    problems.push(`${runDir}${sep}${read.message}`);
    return null;
  }
  const value = jsonObjectOf(read.value);
  if (value === null) problems.push(`${join(runDir, file)} does not hold a JSON object`);
  return value;
}

/** A run directory must be a real folder: one that is a symbolic link is not followed. */
async function requireRunFolder(runDir: string): Promise<void> {
  const info = await lstat(runDir).catch(() => null);
  if (info?.isSymbolicLink()) {
    throw new EngineError(
      'io_error',
      `the run directory ${runDir} is a symbolic link; run folders are not followed`,
    );
  }
  if (info === null || !info.isDirectory()) {
    throw new EngineError('io_error', `the run directory ${runDir} does not exist or is not a folder`);
  }
}

function unreadable(runDir: string, file: string, error: unknown): string {
  if (error instanceof RunFileRefusedError) return `${runDir}${sep}${error.message}`;
  return `could not read ${join(runDir, file)} (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`;
}

function rootFolderOf(nodes: Map<string, NodeRecord>): string | null {
  for (const path of nodes.keys()) return path.split('.')[0];
  return null;
}

export function objectOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function stringOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
