import { describe, expect, it } from 'vitest';
import { SpanColumns } from './span-columns';
import { formatSpanId } from './span-id';
import { emptySpanFields } from './span-line';
import { runInSlices, WorkSlices } from './work-slices';

describe('span columns', () => {
  it('give back the room reserved from a size estimate, in slices, and still find every span', async () => {
    const spans = new SpanColumns(200_000);
    const fields = emptySpanFields();
    for (let id = 1; id <= 5_000; id++) {
      fields.spanId = formatSpanId(id, id * 7);
      fields.parentId = id === 1 ? null : formatSpanId(1, 7);
      fields.startUs = 1_767_261_600_000_000 + id;
      fields.name = `span ${id % 10}`;
      spans.add(fields);
    }
    let ticks = 0;
    let compacting = true;
    const tick = () => {
      ticks++;
      if (compacting) setImmediate(tick);
    };
    setImmediate(tick);
    await runInSlices(spans.compactSteps(), new WorkSlices(0));
    compacting = false;

    expect(spans.startUs.length).toBe(5_016);
    expect(spans.lineLength.length).toBe(5_016);
    expect(ticks).toBeGreaterThan(10);
    const missing = [];
    for (let id = 1; id <= 5_000; id++) {
      const row = spans.rowOf(formatSpanId(id, id * 7));
      if (row !== id - 1 || spans.startUs[row] !== 1_767_261_600_000_000 + id) missing.push(id);
    }
    expect(missing).toEqual([]);
    expect(spans.rowOf(formatSpanId(5_001, 5_001 * 7))).toBe(-1);
    expect(spans.strings.text(spans.name[4_999] as number)).toBe('span 0');
  });
});
