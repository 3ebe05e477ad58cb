import { describe, expect, it } from 'vitest';
import { contentLines } from './content-lines';

describe('contentLines', () => {
  it('numbers lines as an editor does', () => {
    expect(contentLines('# Title\n\nBody\n')).toEqual(['# Title', '', 'Body']);
    expect(contentLines('no newline at the end')).toEqual(['no newline at the end']);
    expect(contentLines('two blank lines end it\n\n')).toEqual(['two blank lines end it', '']);
    expect(contentLines('')).toEqual(['']);
  });

  it('drops the carriage return of Windows line ends', () => {
    expect(contentLines('a\r\nb\r\n')).toEqual(['a', 'b']);
  });
});
