import { describe, expect, it } from 'vitest';
import { checkNodeFilter, levelClass, logRowCount } from './log-levels';

describe('log levels', () => {
  it('names severity ranges', () => {
    expect([1, 5, 9, 12, 13, 17, 21].map(levelClass)).toEqual([
      'trace',
      'debug',
      'info',
      'info',
      'warn',
      'error',
      'fatal',
    ]);
  });

  it('checks the node filter before it is sent', () => {
    expect(checkNodeFilter(' summarize ')).toEqual({ nodeId: 'summarize', problem: null });
    expect(checkNodeFilter('')).toEqual({ nodeId: undefined, problem: null });
    expect(checkNodeFilter('a.b').problem).toMatch(/letters/);
  });

  it('counts rows from the total, or grows a page past what is known', () => {
    expect(logRowCount(42, 0, 10, true, 0)).toBe(42);
    expect(logRowCount(null, 200, 100, true, 0)).toBe(400);
    expect(logRowCount(null, 0, 10, false, 500)).toBe(500);
  });
});
