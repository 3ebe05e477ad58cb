import { describe, expect, it } from 'vitest';
import { formatByteSize, percentDone } from './byte-size';

describe('byte sizes for people', () => {
  it('shows bytes, then one decimal below ten, then whole units', () => {
    expect(formatByteSize(0)).toBe('0 bytes');
    expect(formatByteSize(1)).toBe('1 byte');
    expect(formatByteSize(812)).toBe('812 bytes');
    expect(formatByteSize(3_400_000)).toBe('3.4 MB');
    expect(formatByteSize(524_288)).toBe('524 KB');
    expect(formatByteSize(1_073_741_824)).toBe('1.1 GB');
  });
});

describe('percent done', () => {
  it('rounds down, so 100 means every byte is there', () => {
    expect(percentDone(0, 0)).toBe(0);
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(1000, 1000)).toBe(100);
    expect(percentDone(1, 3)).toBe(33);
  });
});
