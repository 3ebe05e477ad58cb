import { describe, expect, it } from 'vitest';
import { splitCommandLine } from './split-command';

describe('splitCommandLine', () => {
  it('splits on whitespace and keeps quoted text together', () => {
    expect(splitCommandLine(`git  commit -m 'two words' "say \\"hi\\""`)).toEqual([
      'git',
      'commit',
      '-m',
      'two words',
      'say "hi"',
    ]);
  });

  it('keeps empty quoted words and backslash-escaped spaces', () => {
    expect(splitCommandLine(`echo '' a\\ b`)).toEqual(['echo', '', 'a b']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => splitCommandLine(`echo 'oops`)).toThrow("unterminated ' quote");
  });
});
