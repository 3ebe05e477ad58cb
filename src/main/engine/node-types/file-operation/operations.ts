import { constants as fsConstants, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileDiff, MAX_DIFF_INPUT_CHARS } from './file-diff';
import type { PathGuard } from './path-guard';
import type { FileOperation, FileOperationType } from './settings';
import { applyTextEdits, applyUnifiedDiff } from './text-edits';

export interface FileOperationResult {
  type: FileOperationType;
  /** The operation's path as given (the source, for `move`). */
  path: string;
  /** Only for `move`. */
  destination?: string;
  success: boolean;
  error: string | null;
  /** Unified diff of the file before and after; null for directories and failed operations. */
  diff: string | null;
}

// Not on every platform (Windows); where missing, the symlink walk in PathGuard is the only guard.
const NO_FOLLOW = fsConstants.O_NOFOLLOW ?? 0;

async function lstatOrNull(target: string): Promise<Stats | null> {
  try {
    return await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readTextNoFollow(file: string): Promise<string> {
  const handle = await open(file, fsConstants.O_RDONLY | NO_FOLLOW);
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function writeTextNoFollow(file: string, content: string, mustBeNew: boolean): Promise<void> {
  const create = mustBeNew ? fsConstants.O_EXCL : fsConstants.O_TRUNC;
  const handle = await open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | create | NO_FOLLOW, 0o666);
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
}

/** The text of a file for its diff, or null when it is too big to diff. */
async function readForDiff(file: string, info: Stats): Promise<string | null> {
  return info.size > MAX_DIFF_INPUT_CHARS ? null : readTextNoFollow(file);
}

function requireRegularFile(info: Stats | null, label: string): asserts info is Stats {
  if (info === null) throw new Error(`${label} does not exist`);
  if (info.isDirectory()) throw new Error(`${label} is a directory`);
  if (!info.isFile()) throw new Error(`${label} is not a regular file`);
}

async function createFile(guard: PathGuard, op: Extract<FileOperation, { type: 'create_file' }>) {
  const target = await guard.resolve(op.path);
  const existing = await lstatOrNull(target);
  if (existing?.isDirectory()) throw new Error(`${op.path} is a directory`);
  if (existing && !op.overwrite)
    throw new Error(`${op.path} already exists; set overwrite: true to replace it`);
  const before = existing ? await readTextNoFollow(target) : null;
  await mkdir(path.dirname(target), { recursive: true });
  await writeTextNoFollow(target, op.content, existing === null);
  return fileDiff(op.path, op.path, before, op.content);
}

async function editFile(guard: PathGuard, op: Extract<FileOperation, { type: 'edit_file' }>) {
  const target = await guard.resolve(op.path);
  requireRegularFile(await lstatOrNull(target), op.path);
  const before = await readTextNoFollow(target);
  const after = op.edits
    ? applyTextEdits(before, op.edits, op.path)
    : applyUnifiedDiff(before, op.unified_diff ?? '', op.path);
  await writeTextNoFollow(target, after, false);
  return fileDiff(op.path, op.path, before, after);
}

async function deleteFile(guard: PathGuard, op: Extract<FileOperation, { type: 'delete_file' }>) {
  const target = await guard.resolve(op.path);
  const info = await lstatOrNull(target);
  requireRegularFile(info, op.path);
  const before = await readForDiff(target, info);
  await unlink(target);
  return before === null
    ? `[diff omitted: ${op.path} held ${info.size} bytes]\n`
    : fileDiff(op.path, op.path, before, null);
}

async function createDirectory(guard: PathGuard, op: Extract<FileOperation, { type: 'create_directory' }>) {
  const target = await guard.resolve(op.path);
  const existing = await lstatOrNull(target);
  if (existing && !existing.isDirectory()) throw new Error(`${op.path} exists and is not a directory`);
  await mkdir(target, { recursive: true });
  return null;
}

async function deleteDirectory(guard: PathGuard, op: Extract<FileOperation, { type: 'delete_directory' }>) {
  const target = await guard.resolve(op.path);
  const info = await lstatOrNull(target);
  if (info === null) throw new Error(`${op.path} does not exist`);
  if (!info.isDirectory()) throw new Error(`${op.path} is not a directory`);
  if (guard.isProtectedRoot(target)) throw new Error(`${op.path} is the base or an allowed directory itself`);
  if (op.recursive) {
    await rm(target, { recursive: true });
    return null;
  }
  try {
    await rmdir(target);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOTEMPTY' ||
      (error as NodeJS.ErrnoException).code === 'EEXIST'
    ) {
      throw new Error(`${op.path} is not empty; set recursive: true to delete it with its contents`, {
        cause: error,
      });
    }
    throw error;
  }
  return null;
}

async function move(guard: PathGuard, op: Extract<FileOperation, { type: 'move' }>) {
  const source = await guard.resolve(op.source);
  const destination = await guard.resolve(op.destination);
  const info = await lstatOrNull(source);
  if (info === null) throw new Error(`${op.source} does not exist`);
  if (guard.isProtectedRoot(source))
    throw new Error(`${op.source} is the base or an allowed directory itself`);
  if ((await lstatOrNull(destination)) !== null)
    throw new Error(`destination ${op.destination} already exists`);
  const content = info.isFile() ? await readForDiff(source, info) : null;
  await mkdir(path.dirname(destination), { recursive: true });
  await rename(source, destination);
  return content === null ? null : fileDiff(op.source, op.destination, content, content);
}

function runOne(guard: PathGuard, op: FileOperation): Promise<string | null> {
  switch (op.type) {
    case 'create_file':
      return createFile(guard, op);
    case 'edit_file':
      return editFile(guard, op);
    case 'delete_file':
      return deleteFile(guard, op);
    case 'create_directory':
      return createDirectory(guard, op);
    case 'delete_directory':
      return deleteDirectory(guard, op);
    case 'move':
      return move(guard, op);
  }
}

/** Runs one operation; its failure is reported in the result, never thrown. */
export async function runFileOperation(guard: PathGuard, op: FileOperation): Promise<FileOperationResult> {
  const identity =
    op.type === 'move'
      ? { type: op.type, path: op.source, destination: op.destination }
      : { type: op.type, path: op.path };
  try {
    const diff = await runOne(guard, op);
    return { ...identity, success: true, error: null, diff };
  } catch (error) {
    return {
      ...identity,
      success: false,
      error: error instanceof Error ? error.message : String(error),
      diff: null,
    };
  }
}
