import { structuredPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { sideBySideRows } from './file-diff';

describe('side-by-side rows', () => {
  it('pairs removed lines with the added lines that replace them, with gaps between hunks', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n') + '\n';
    const after =
      ['1', 'two', '3', '4', '5', '6', '7', '8', '9', '10', 'eleven', 'eleven and a half', '12'].join('\n') +
      '\n';
    const { hunks } = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 1 });
    const rows = sideBySideRows(hunks);
    expect(rows).toEqual([
      { kind: 'context', oldNumber: 1, oldText: '1', newNumber: 1, newText: '1' },
      { kind: 'changed', oldNumber: 2, oldText: '2', newNumber: 2, newText: 'two' },
      { kind: 'context', oldNumber: 3, oldText: '3', newNumber: 3, newText: '3' },
      { kind: 'gap', oldNumber: null, oldText: null, newNumber: null, newText: null },
      { kind: 'context', oldNumber: 10, oldText: '10', newNumber: 10, newText: '10' },
      { kind: 'changed', oldNumber: 11, oldText: '11', newNumber: 11, newText: 'eleven' },
      { kind: 'added', oldNumber: null, oldText: null, newNumber: 12, newText: 'eleven and a half' },
      { kind: 'context', oldNumber: 12, oldText: '12', newNumber: 13, newText: '12' },
    ]);
  });

  it('starts with a gap when the first hunk is not at the top, and skips no-newline markers', () => {
    const { hunks } = structuredPatch('a', 'b', 'a\nb\nc\nd\ne', 'a\nb\nc\nd\nE', undefined, undefined, {
      context: 1,
    });
    expect(sideBySideRows(hunks)).toEqual([
      { kind: 'gap', oldNumber: null, oldText: null, newNumber: null, newText: null },
      { kind: 'context', oldNumber: 4, oldText: 'd', newNumber: 4, newText: 'd' },
      { kind: 'changed', oldNumber: 5, oldText: 'e', newNumber: 5, newText: 'E' },
    ]);
  });
});
