import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { applyTextEdits, applyUnifiedDiff } from './text-edits';

describe('applyTextEdits', () => {
  it('applies edits in order, each on the previous result, keeping $ sequences literal', () => {
    const result = applyTextEdits(
      'a = 1\nb = 2\n',
      [
        { old_text: 'a = 1', new_text: 'a = $&10' },
        { old_text: 'a = $&10\nb', new_text: 'c' },
      ],
      'x.txt',
    );
    expect(result).toBe('c = 2\n');
  });

  it('names a missing old_text and an ambiguous one', () => {
    expect(() => applyTextEdits('abc', [{ old_text: 'zzz', new_text: '' }], 'x.txt')).toThrow(
      'edit 1: old_text "zzz" was not found in x.txt',
    );
    expect(() => applyTextEdits('ab ab ab', [{ old_text: 'ab', new_text: '' }], 'x.txt')).toThrow(
      'ambiguous in x.txt (found 3 times)',
    );
  });
});

describe('applyUnifiedDiff', () => {
  const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

  it('applies a diff with several hunks', () => {
    const after = before.replace('line 2\n', 'line two\n').replace('line 29\n', 'line twenty-nine\n');
    expect(applyUnifiedDiff(before, createTwoFilesPatch('a/f', 'b/f', before, after), 'f')).toBe(after);
  });

  it('names the hunk that does not apply', () => {
    const after = before.replace('line 2\n', 'line two\n').replace('line 29\n', 'line twenty-nine\n');
    const patch = createTwoFilesPatch('a/f', 'b/f', before, after);
    const changedFile = before.replace('line 28\n', 'something else\n');
    expect(() => applyUnifiedDiff(changedFile, patch, 'f')).toThrow(
      /hunk 2 of 2 \(@@ -\d+,\d+ \+\d+,\d+ @@\) does not apply to f/,
    );
  });

  it('refuses a diff without hunks and one that cannot be parsed', () => {
    expect(() => applyUnifiedDiff(before, '--- a/f\n+++ b/f\n', 'f')).toThrow('has no hunks');
    expect(() => applyUnifiedDiff(before, '@@ -1,2 +1,2 @@\n-line 1\n+x\n', 'f')).toThrow('cannot be parsed');
  });
});
