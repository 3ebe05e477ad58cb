import { formatPatch, structuredPatch, type StructuredPatch } from 'diff';
import type { DiffHunk, FileDiff, SideBySideRow } from '../../../shared/compare-data';
import { OutcomeRepositoryError } from '../errors';
import { decodeHead, formatBytes, looksBinary, readBlobHead } from './blob-reader';
import { checkFileRequest, lookUpSides } from './file-content';
import type { GitCommand } from './repository-git';

/** A side larger than this is not diffed at all: the answer says so at once. */
export const DIFF_MAX_BYTES = 1024 * 1024;
/** A diff that takes longer than this (very different texts) is given up. */
export const DIFF_TIMEOUT_MS = 5000;
const CONTEXT_LINES = 3;

export interface FileDiffOptions {
  /** The path at `shaA` when the file was renamed. */
  oldPath?: string;
  /** Also lay the hunks out as side-by-side rows. */
  sideBySide?: boolean;
}

interface LoadedSides {
  result: Omit<FileDiff, 'unified' | 'hunks' | 'additions' | 'deletions'>;
  texts: { a: string; b: string } | null;
}

/**
 * Reads what a file diff needs, holding the repository only for the reads: sizes first, and the
 * contents only when both sides are under the cap and neither is binary.
 */
export async function loadDiffSides(
  run: GitCommand,
  repositoryDir: string,
  shaA: string | null,
  shaB: string,
  path: string,
  options: FileDiffOptions = {},
): Promise<LoadedSides> {
  const oldPath = options.oldPath ?? path;
  const source = `the diff asked for between ${shaA ?? 'nothing'} and ${shaB}`;
  if (shaA !== null) checkFileRequest(shaA, oldPath, source);
  checkFileRequest(shaB, path, source);
  const requests = [{ sha: shaB, path }];
  if (shaA !== null) requests.push({ sha: shaA, path: oldPath });
  const [sideB, sideA = { sha: null, path: oldPath, object: null }] = await lookUpSides(
    run,
    repositoryDir,
    requests,
  );
  const blobA = sideA.object?.type === 'blob' ? sideA.object : null;
  const blobB = sideB.object?.type === 'blob' ? sideB.object : null;
  if (blobA === null && blobB === null) {
    throw new OutcomeRepositoryError(
      `${JSON.stringify(path)} is a file neither at ${sideA.sha ?? 'the parent'} nor at ${sideB.sha} in ${repositoryDir}`,
    );
  }
  const status =
    blobA === null
      ? 'added'
      : blobB === null
        ? 'removed'
        : blobA.oid === blobB.oid
          ? 'unchanged'
          : oldPath !== path
            ? 'renamed'
            : 'changed';
  const result: LoadedSides['result'] = {
    shaA: sideA.sha,
    shaB: sideB.sha,
    path,
    ...(oldPath !== path ? { oldPath } : {}),
    status,
    sizeA: blobA?.size ?? null,
    sizeB: blobB?.size ?? null,
    binary: false,
    tooLarge: false,
    message: null,
  };
  if (status === 'unchanged') return { result, texts: null };
  const largest = Math.max(blobA?.size ?? 0, blobB?.size ?? 0);
  if (largest > DIFF_MAX_BYTES) {
    return {
      result: { ...result, tooLarge: true, message: `too large to diff (${formatBytes(largest)})` },
      texts: null,
    };
  }
  const [bytesA, bytesB] = await Promise.all([
    blobA === null ? Buffer.alloc(0) : readBlobHead(repositoryDir, blobA.oid, blobA.size),
    blobB === null ? Buffer.alloc(0) : readBlobHead(repositoryDir, blobB.oid, blobB.size),
  ]);
  if (looksBinary(bytesA) || looksBinary(bytesB)) {
    return { result: { ...result, binary: true, message: 'binary files differ' }, texts: null };
  }
  return { result, texts: { a: decodeHead(bytesA, true), b: decodeHead(bytesB, true) } };
}

/** Diffs what {@link loadDiffSides} read, without blocking the event loop (jsdiff's async mode). */
export async function diffLoadedSides(loaded: LoadedSides, options: FileDiffOptions = {}): Promise<FileDiff> {
  const { result, texts } = loaded;
  const empty = { unified: null, hunks: [], additions: 0, deletions: 0 };
  if (texts === null) return { ...result, ...empty, ...(options.sideBySide ? { sideBySide: [] } : {}) };
  const oldName = result.status === 'added' ? '/dev/null' : `a/${result.oldPath ?? result.path}`;
  const newName = result.status === 'removed' ? '/dev/null' : `b/${result.path}`;
  const patch = await new Promise<StructuredPatch | undefined>((resolve) => {
    structuredPatch(oldName, newName, texts.a, texts.b, undefined, undefined, {
      context: CONTEXT_LINES,
      timeout: DIFF_TIMEOUT_MS,
      callback: resolve,
    });
  });
  if (patch === undefined) {
    return {
      ...result,
      ...empty,
      message: `the two versions differ too much to diff within ${DIFF_TIMEOUT_MS / 1000} s`,
    };
  }
  const hunks: DiffHunk[] = patch.hunks.map((hunk) => ({
    oldStart: hunk.oldStart,
    oldLines: hunk.oldLines,
    newStart: hunk.newStart,
    newLines: hunk.newLines,
    lines: hunk.lines,
  }));
  let additions = 0;
  let deletions = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
    }
  }
  return {
    ...result,
    unified: hunks.length === 0 ? null : formatPatch(patch),
    hunks,
    additions,
    deletions,
    ...(options.sideBySide ? { sideBySide: sideBySideRows(hunks) } : {}),
  };
}

/**
 * Lays hunks out as rows of a side-by-side view: removed lines pair with the added lines that
 * replace them, row by row; a gap row stands between hunks (and before the first when it does
 * not start the file).
 */
export function sideBySideRows(hunks: readonly DiffHunk[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let previousOldEnd = 1;
  for (const hunk of hunks) {
    if (hunk.oldStart > previousOldEnd || rows.length > 0) {
      rows.push({ kind: 'gap', oldNumber: null, oldText: null, newNumber: null, newText: null });
    }
    let oldNumber = hunk.oldStart;
    let newNumber = hunk.newStart;
    let removed: string[] = [];
    let added: string[] = [];
    const flush = (): void => {
      const count = Math.max(removed.length, added.length);
      for (let index = 0; index < count; index += 1) {
        const oldText = removed[index] ?? null;
        const newText = added[index] ?? null;
        rows.push({
          kind: oldText !== null && newText !== null ? 'changed' : oldText !== null ? 'removed' : 'added',
          oldNumber: oldText !== null ? oldNumber++ : null,
          oldText,
          newNumber: newText !== null ? newNumber++ : null,
          newText,
        });
      }
      removed = [];
      added = [];
    };
    for (const line of hunk.lines) {
      const marker = line[0];
      const text = line.slice(1);
      if (marker === '-') removed.push(text);
      else if (marker === '+') added.push(text);
      else if (marker === ' ') {
        flush();
        rows.push({
          kind: 'context',
          oldNumber: oldNumber++,
          oldText: text,
          newNumber: newNumber++,
          newText: text,
        });
      }
      // '\' (no newline at end of file) marks the line before it; it takes no row.
    }
    flush();
    previousOldEnd = hunk.oldStart + hunk.oldLines;
  }
  return rows;
}
