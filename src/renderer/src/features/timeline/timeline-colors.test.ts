import { describe, expect, it } from 'vitest';
import { withAlpha } from './timeline-colors';

describe('withAlpha', () => {
  it('turns hex colours into rgba and leaves others alone', () => {
    expect(withAlpha('#ff8000', 0.5)).toBe('rgba(255, 128, 0, 0.5)');
    expect(withAlpha('#f80', 1)).toBe('rgba(255, 136, 0, 1)');
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)');
  });
});
