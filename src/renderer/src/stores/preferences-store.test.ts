import { describe, expect, it } from 'vitest';
import { TIMELINE_PERCENT } from '../features/run-view/pane-size';
import { parsePreferences } from './preferences-store';

describe('remembered preferences', () => {
  it('reads the theme and the timeline width back', () => {
    expect(parsePreferences('{"theme":"dark","timelinePercent":55}')).toEqual({
      theme: 'dark',
      timelinePercent: 55,
    });
  });

  it('keeps the theme of a store written before widths were remembered', () => {
    expect(parsePreferences('{"theme":"light"}')).toEqual({ theme: 'light', timelinePercent: null });
  });

  it('brings a width out of bounds back within them, and ignores what is not a width', () => {
    expect(parsePreferences('{"timelinePercent":400}').timelinePercent).toBe(TIMELINE_PERCENT.max);
    expect(parsePreferences('{"timelinePercent":"wide"}').timelinePercent).toBeNull();
    expect(parsePreferences('not json')).toEqual({ theme: 'system', timelinePercent: null });
  });
});
