import { createTwoFilesPatch } from 'diff';

/** Above this much text a diff is not computed: the algorithm is quadratic in the worst case. */
export const MAX_DIFF_INPUT_CHARS = 2 * 1024 * 1024;
/** A diff longer than this is cut, with a note saying so. */
export const MAX_DIFF_CHARS = 256 * 1024;

function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\0');
}

/**
 * A unified diff between two versions of a file; null stands for "no file" (created or deleted).
 * Huge or binary contents give a one-line note instead.
 */
export function fileDiff(
  oldPath: string,
  newPath: string,
  before: string | null,
  after: string | null,
): string {
  const oldName = before === null ? '/dev/null' : `a/${oldPath}`;
  const newName = after === null ? '/dev/null' : `b/${newPath}`;
  const oldText = before ?? '';
  const newText = after ?? '';
  if (looksBinary(oldText) || looksBinary(newText)) return `Binary files ${oldName} and ${newName} differ\n`;
  if (oldText.length + newText.length > MAX_DIFF_INPUT_CHARS) {
    return `[diff omitted: ${oldName} and ${newName} hold ${oldText.length + newText.length} characters]\n`;
  }
  const diff = createTwoFilesPatch(oldName, newName, oldText, newText);
  if (diff.length <= MAX_DIFF_CHARS) return diff;
  return `${diff.slice(0, MAX_DIFF_CHARS)}\n[diff truncated: ${diff.length - MAX_DIFF_CHARS} characters cut]\n`;
}
