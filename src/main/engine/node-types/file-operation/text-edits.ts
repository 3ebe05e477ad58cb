import { applyPatch, parsePatch, type StructuredPatch } from 'diff';
import type { TextEdit } from './settings';

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function countOccurrences(content: string, text: string): number {
  let count = 0;
  for (let at = content.indexOf(text); at !== -1; at = content.indexOf(text, at + text.length)) count++;
  return count;
}

/**
 * Applies edits in order, each to the result of the one before. Every old_text must occur exactly
 * once, so an edit never lands somewhere the author did not mean.
 */
export function applyTextEdits(content: string, edits: readonly TextEdit[], fileLabel: string): string {
  let current = content;
  edits.forEach((edit, index) => {
    const at = current.indexOf(edit.old_text);
    if (at === -1) {
      throw new Error(`edit ${index + 1}: old_text ${preview(edit.old_text)} was not found in ${fileLabel}`);
    }
    if (current.indexOf(edit.old_text, at + 1) !== -1) {
      const count = countOccurrences(current, edit.old_text);
      throw new Error(
        `edit ${index + 1}: old_text ${preview(edit.old_text)} is ambiguous in ${fileLabel} ` +
          `(found ${count > 1 ? `${count} times` : 'overlapping matches'}); include more surrounding text`,
      );
    }
    // Slicing, not String.replace: new_text may hold `$&` and similar sequences.
    current = current.slice(0, at) + edit.new_text + current.slice(at + edit.old_text.length);
  });
  return current;
}

function hunkHeader(hunk: StructuredPatch['hunks'][number]): string {
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
}

function parseSingleFilePatch(unifiedDiff: string, fileLabel: string): StructuredPatch {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(unifiedDiff);
  } catch (error) {
    throw new Error(`unified_diff for ${fileLabel} cannot be parsed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const withHunks = patches.filter((patch) => patch.hunks.length > 0);
  if (withHunks.length === 0) throw new Error(`unified_diff for ${fileLabel} has no hunks`);
  if (withHunks.length > 1) {
    throw new Error(`unified_diff for ${fileLabel} changes ${withHunks.length} files; give one file's diff`);
  }
  return withHunks[0] as StructuredPatch;
}

/** Applies a one-file unified diff exactly (no fuzz), naming the first hunk that does not fit. */
export function applyUnifiedDiff(content: string, unifiedDiff: string, fileLabel: string): string {
  const patch = parseSingleFilePatch(unifiedDiff, fileLabel);
  const patched = applyPatch(content, patch);
  if (patched !== false) return patched;

  // Apply growing prefixes of the hunk list to find the first one that does not fit.
  const failedIndex = patch.hunks.findIndex(
    (_, index) => applyPatch(content, { ...patch, hunks: patch.hunks.slice(0, index + 1) }) === false,
  );
  const hunk = patch.hunks[failedIndex] ?? patch.hunks[0];
  const which = `hunk ${failedIndex + 1} of ${patch.hunks.length}${hunk ? ` (${hunkHeader(hunk)})` : ''}`;
  throw new Error(
    `unified_diff ${which} does not apply to ${fileLabel}: its context or removed lines do not match the file`,
  );
}
