import type { DiffHunk, FileDiff, SideBySideRow } from '../../../../shared/compare-data';
import { formatBytes } from '../../format/byte-size';

/** Longer lines are cut when drawn, so one huge line (minified JSON) cannot stall the window. */
export const MAX_DRAWN_LINE_CHARS = 2000;

/** One row of a unified diff as drawn: a hunk header, a line, or git's "no newline" note. */
export interface UnifiedRow {
  kind: 'hunk' | 'context' | 'added' | 'removed' | 'note';
  oldNumber: number | null;
  newNumber: number | null;
  text: string;
}

/** Lays jsdiff hunks out as unified rows, each line numbered on the side(s) it exists on. */
export function unifiedRows(hunks: readonly DiffHunk[]): UnifiedRow[] {
  const rows: UnifiedRow[] = [];
  for (const hunk of hunks) {
    rows.push({
      kind: 'hunk',
      oldNumber: null,
      newNumber: null,
      text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    });
    let oldNumber = hunk.oldStart;
    let newNumber = hunk.newStart;
    for (const line of hunk.lines) {
      const marker = line[0];
      const text = line.slice(1);
      if (marker === '+') rows.push({ kind: 'added', oldNumber: null, newNumber: newNumber++, text });
      else if (marker === '-') rows.push({ kind: 'removed', oldNumber: oldNumber++, newNumber: null, text });
      else if (marker === '\\')
        rows.push({ kind: 'note', oldNumber: null, newNumber: null, text: text.trim() });
      else rows.push({ kind: 'context', oldNumber: oldNumber++, newNumber: newNumber++, text });
    }
  }
  return rows;
}

/** The widest line number among the rows, in digits: the gutter is sized by it. */
export function lineNumberDigits(
  rows: ReadonlyArray<{ oldNumber: number | null; newNumber: number | null }>,
): number {
  let highest = 0;
  for (const row of rows) {
    highest = Math.max(highest, row.oldNumber ?? 0, row.newNumber ?? 0);
  }
  return Math.max(2, String(highest).length);
}

/** A line as drawn: cut after {@link MAX_DRAWN_LINE_CHARS} with a marker saying how much is hidden. */
export function drawnLine(text: string | null, max: number = MAX_DRAWN_LINE_CHARS): string {
  if (text === null) return '';
  if (text.length <= max) return text;
  return `${text.slice(0, max)} … (${text.length - max} more characters)`;
}

/** The class of one side of a side-by-side row: which colour its cell takes. */
export function sideCellKind(
  row: SideBySideRow,
  side: 'old' | 'new',
): 'context' | 'removed' | 'added' | 'empty' | 'gap' {
  if (row.kind === 'gap') return 'gap';
  const text = side === 'old' ? row.oldText : row.newText;
  if (text === null) return 'empty';
  if (row.kind === 'context') return 'context';
  return side === 'old' ? 'removed' : 'added';
}

/** The sizes part of a diff header: `812 B → 1.2 KiB`, `new, 40 B`, `removed, 812 B`. */
export function sizeLabel(diff: Pick<FileDiff, 'sizeA' | 'sizeB'>): string {
  if (diff.sizeA === null && diff.sizeB === null) return '';
  if (diff.sizeA === null) return `new, ${formatBytes(diff.sizeB)}`;
  if (diff.sizeB === null) return `removed, ${formatBytes(diff.sizeA)}`;
  if (diff.sizeA === diff.sizeB) return formatBytes(diff.sizeB);
  return `${formatBytes(diff.sizeA)} → ${formatBytes(diff.sizeB)}`;
}

/**
 * What the body of a file diff shows instead of rows, or null when there are rows to draw: the
 * service's message (binary, too large, too different), or why a text diff has no lines.
 */
export function diffBodyNote(diff: FileDiff, mode: 'unified' | 'side-by-side'): string | null {
  if (diff.message) return diff.message;
  if (diff.binary) return 'binary files differ';
  if (diff.tooLarge) return 'too large to diff';
  if (diff.status === 'unchanged') return 'the file is the same in both';
  if (diff.hunks.length === 0) {
    return diff.status === 'renamed' ? 'renamed without changes to its content' : 'no line differs';
  }
  if (mode === 'side-by-side' && diff.sideBySide === undefined) {
    return 'side-by-side rows were not loaded for this diff';
  }
  return null;
}
