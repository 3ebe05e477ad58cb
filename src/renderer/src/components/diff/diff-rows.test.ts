import { structuredPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import type { DiffHunk, FileDiff, SideBySideRow } from '../../../../shared/compare-data';
import {
  diffBodyNote,
  drawnLine,
  lineNumberDigits,
  MAX_DRAWN_LINE_CHARS,
  sideCellKind,
  sizeLabel,
  unifiedRows,
} from './diff-rows';

function hunksOf(before: string, after: string): DiffHunk[] {
  return structuredPatch('a', 'b', before, after, undefined, undefined, { context: 1 }).hunks;
}

function fileDiff(overrides: Partial<FileDiff>): FileDiff {
  return {
    shaA: 'a'.repeat(40),
    shaB: 'b'.repeat(40),
    path: 'article.md',
    status: 'changed',
    sizeA: 10,
    sizeB: 12,
    binary: false,
    tooLarge: false,
    message: null,
    unified: null,
    hunks: [],
    additions: 0,
    deletions: 0,
    ...overrides,
  };
}

describe('unifiedRows', () => {
  it('numbers each line on the sides it exists on, after a hunk header', () => {
    const rows = unifiedRows(hunksOf('one\ntwo\nthree\n', 'one\nTWO\nthree\nfour\n'));
    expect(rows).toEqual([
      { kind: 'hunk', oldNumber: null, newNumber: null, text: '@@ -1,3 +1,4 @@' },
      { kind: 'context', oldNumber: 1, newNumber: 1, text: 'one' },
      { kind: 'removed', oldNumber: 2, newNumber: null, text: 'two' },
      { kind: 'added', oldNumber: null, newNumber: 2, text: 'TWO' },
      { kind: 'context', oldNumber: 3, newNumber: 3, text: 'three' },
      { kind: 'added', oldNumber: null, newNumber: 4, text: 'four' },
    ]);
  });

  it('starts numbering each hunk where the hunk starts', () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n');
    const rows = unifiedRows(hunksOf(before, after));
    const headers = rows.filter((row) => row.kind === 'hunk').map((row) => row.text);
    expect(headers).toEqual(['@@ -1,3 +1,3 @@', '@@ -17,3 +17,3 @@']);
    expect(rows.find((row) => row.text === 'line eighteen')).toMatchObject({ kind: 'added', newNumber: 18 });
  });

  it('keeps the "no newline at end of file" marker as a note without a number', () => {
    const rows = unifiedRows(hunksOf('a\n', 'a\nb'));
    const note = rows.find((row) => row.kind === 'note');
    expect(note).toEqual({
      kind: 'note',
      oldNumber: null,
      newNumber: null,
      text: 'No newline at end of file',
    });
    expect(rows.find((row) => row.text === 'b')).toMatchObject({ kind: 'added', newNumber: 2 });
  });

  // How fast is a benchmark figure (npm run bench -- diff-layout), not a test bound.
  it('lays out every line of a 1 MiB text file', () => {
    const line = 'x'.repeat(63) + '\n';
    const big = line.repeat(16 * 1024);
    const rows = unifiedRows(hunksOf('', big));
    expect(rows).toHaveLength(16 * 1024 + 1);
    expect(rows.at(-1)).toMatchObject({ kind: 'added', newNumber: 16 * 1024 });
  });
});

describe('lineNumberDigits', () => {
  it('sizes the gutter by the highest number, at least two digits', () => {
    expect(lineNumberDigits([{ oldNumber: 3, newNumber: null }])).toBe(2);
    expect(lineNumberDigits([{ oldNumber: 98, newNumber: 10234 }])).toBe(5);
    expect(lineNumberDigits([])).toBe(2);
  });
});

describe('drawnLine', () => {
  it('cuts a huge line and says how much is hidden', () => {
    const text = 'y'.repeat(MAX_DRAWN_LINE_CHARS + 345);
    const drawn = drawnLine(text);
    expect(drawn.startsWith('y'.repeat(MAX_DRAWN_LINE_CHARS))).toBe(true);
    expect(drawn.endsWith('… (345 more characters)')).toBe(true);
  });

  it('leaves a short line alone and draws a missing one as empty', () => {
    expect(drawnLine('short')).toBe('short');
    expect(drawnLine(null)).toBe('');
  });
});

describe('sideCellKind', () => {
  const row = (
    kind: SideBySideRow['kind'],
    oldText: string | null,
    newText: string | null,
  ): SideBySideRow => ({
    kind,
    oldNumber: oldText === null ? null : 1,
    oldText,
    newNumber: newText === null ? null : 1,
    newText,
  });

  it('colours the old side of a change as removed and the new one as added', () => {
    expect(sideCellKind(row('changed', 'a', 'b'), 'old')).toBe('removed');
    expect(sideCellKind(row('changed', 'a', 'b'), 'new')).toBe('added');
  });

  it('leaves the missing side of a pure addition or removal empty', () => {
    expect(sideCellKind(row('added', null, 'b'), 'old')).toBe('empty');
    expect(sideCellKind(row('removed', 'a', null), 'new')).toBe('empty');
    expect(sideCellKind(row('context', 'a', 'a'), 'new')).toBe('context');
    expect(sideCellKind(row('gap', null, null), 'old')).toBe('gap');
  });
});

describe('sizes', () => {
  it('labels new, removed, changed and unchanged sizes', () => {
    expect(sizeLabel({ sizeA: null, sizeB: 40 })).toBe('new, 40 B');
    expect(sizeLabel({ sizeA: 812, sizeB: null })).toBe('removed, 812 B');
    expect(sizeLabel({ sizeA: 812, sizeB: 2048 })).toBe('812 B → 2 KiB');
    expect(sizeLabel({ sizeA: 5, sizeB: 5 })).toBe('5 B');
  });
});

describe('diffBodyNote', () => {
  it("shows the service's message for binary and too-large files instead of rows", () => {
    expect(diffBodyNote(fileDiff({ binary: true, message: 'binary files differ' }), 'unified')).toBe(
      'binary files differ',
    );
    expect(
      diffBodyNote(fileDiff({ tooLarge: true, message: 'too large to diff (52.4 MB)' }), 'unified'),
    ).toBe('too large to diff (52.4 MB)');
    expect(diffBodyNote(fileDiff({ binary: true }), 'side-by-side')).toBe('binary files differ');
  });

  it('explains an empty diff and draws rows when there are hunks', () => {
    expect(diffBodyNote(fileDiff({ status: 'renamed' }), 'unified')).toBe(
      'renamed without changes to its content',
    );
    expect(diffBodyNote(fileDiff({ status: 'unchanged' }), 'unified')).toBe('the file is the same in both');
    const hunks = hunksOf('a\n', 'b\n');
    expect(diffBodyNote(fileDiff({ hunks }), 'unified')).toBeNull();
    expect(diffBodyNote(fileDiff({ hunks }), 'side-by-side')).toBe(
      'side-by-side rows were not loaded for this diff',
    );
    expect(diffBodyNote(fileDiff({ hunks, sideBySide: [] }), 'side-by-side')).toBeNull();
  });
});
