import { describe, expect, it } from 'vitest';
import {
  clampTimelinePercent,
  TIMELINE_PERCENT,
  timelinePercentAt,
  timelinePercentForKey,
} from './pane-size';

describe('the run view split', () => {
  it('keeps the timeline between its smallest and largest share', () => {
    expect(clampTimelinePercent(5)).toBe(TIMELINE_PERCENT.min);
    expect(clampTimelinePercent(99)).toBe(TIMELINE_PERCENT.max);
    expect(clampTimelinePercent(50.04)).toBe(50);
  });

  it('moves by a step with the arrows, by more with Page keys, to the ends with Home and End', () => {
    expect(timelinePercentForKey('ArrowLeft', 50)).toBe(48);
    expect(timelinePercentForKey('ArrowRight', 50)).toBe(52);
    expect(timelinePercentForKey('PageUp', 50)).toBe(60);
    expect(timelinePercentForKey('Home', 50)).toBe(TIMELINE_PERCENT.min);
    expect(timelinePercentForKey('End', 50)).toBe(TIMELINE_PERCENT.max);
    expect(timelinePercentForKey('ArrowLeft', TIMELINE_PERCENT.min)).toBe(TIMELINE_PERCENT.min);
    expect(timelinePercentForKey('a', 50)).toBeNull();
  });

  it('follows the pointer across the body', () => {
    expect(timelinePercentAt(600, 100, 1000)).toBe(50);
    expect(timelinePercentAt(0, 100, 1000)).toBe(TIMELINE_PERCENT.min);
  });
});
