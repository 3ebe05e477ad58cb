import { describe, expect, it } from 'vitest';
import { rowAfterKey } from './list-keys';

describe('rowAfterKey', () => {
  it('moves one row with the arrows and stays inside the list', () => {
    expect(rowAfterKey('ArrowDown', 4, 10, 5)).toBe(5);
    expect(rowAfterKey('ArrowUp', 4, 10, 5)).toBe(3);
    expect(rowAfterKey('ArrowUp', 0, 10, 5)).toBe(0);
    expect(rowAfterKey('ArrowDown', 9, 10, 5)).toBe(9);
  });

  it('jumps a page and to either end', () => {
    expect(rowAfterKey('PageDown', 2, 10, 5)).toBe(7);
    expect(rowAfterKey('PageDown', 7, 10, 5)).toBe(9);
    expect(rowAfterKey('PageUp', 3, 10, 5)).toBe(0);
    expect(rowAfterKey('Home', 6, 10, 5)).toBe(0);
    expect(rowAfterKey('End', 1, 10, 5)).toBe(9);
  });

  it('starts at the first row when nothing is selected, and ignores other keys and empty lists', () => {
    expect(rowAfterKey('ArrowDown', null, 10, 5)).toBe(0);
    expect(rowAfterKey('End', null, 10, 5)).toBe(9);
    expect(rowAfterKey('a', 3, 10, 5)).toBeNull();
    expect(rowAfterKey('ArrowDown', null, 0, 5)).toBeNull();
  });
});
