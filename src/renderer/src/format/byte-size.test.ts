import { describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_BYTES } from '../../../shared/contract';
import { formatBytes, percentDone } from './byte-size';

describe('byte sizes for people', () => {
  it('shows bytes, then binary units with a decimal below a hundred', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(4200)).toBe('4.1 KiB');
    expect(formatBytes(52.4 * 1024 * 1024)).toBe('52.4 MiB');
    expect(formatBytes(400 * 1024 * 1024)).toBe('400 MiB');
    expect(formatBytes(2048)).toBe('2 KiB');
    expect(formatBytes(null)).toBe('—');
  });

  it('shows the service’s limits as the round numbers they are', () => {
    expect(formatBytes(UPLOAD_CHUNK_BYTES)).toBe('512 KiB');
    expect(formatBytes(UPLOAD_MAX_BYTES)).toBe('1 GiB');
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
