import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../../../shared/run-data';
import { findMatchIndex } from './search-nav';

const rows = ['0xa', '0xb', '0xc', '0xd'].map((spanId) => ({ spanId }) as SpanRow);

describe('findMatchIndex', () => {
  it('finds the next and previous match from a position, in absolute indexes', () => {
    const matches = new Set(['b', 'd']);
    expect(findMatchIndex(rows, 100, matches, 99, 1)).toBe(101);
    expect(findMatchIndex(rows, 100, matches, 101, 1)).toBe(103);
    expect(findMatchIndex(rows, 100, matches, 103, 1)).toBe(-1);
    expect(findMatchIndex(rows, 100, matches, 103, -1)).toBe(101);
    expect(findMatchIndex(rows, 100, matches, 101, -1)).toBe(-1);
  });

  it('answers -1 without matches', () => {
    expect(findMatchIndex(rows, 0, new Set(), 0, 1)).toBe(-1);
  });
});
