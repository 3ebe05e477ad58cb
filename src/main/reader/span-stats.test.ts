import { describe, expect, it } from 'vitest';
import { SpanColumns } from './span-columns';
import { formatSpanId } from './span-id';
import { emptySpanFields } from './span-line';
import { spanStatsOf, spanStatsSteps } from './span-stats';
import { runInSlices, WorkSlices } from './work-slices';

describe('span stats', () => {
  it('give the earliest start, the latest end or start, the stand-ins and each trace once, in slices too', async () => {
    const spans = new SpanColumns();
    const fields = emptySpanFields();
    const traces = ['0xa', '0xa', '0xb', '0xa', '0xc', '0xb'];
    // 200,000 rows so that the stepped count takes several steps.
    for (let row = 0; row < 200_000; row++) {
      fields.spanId = formatSpanId(0, row + 1);
      fields.traceId = traces[row % traces.length] as string;
      fields.startUs = 1_000 + row;
      // The last span has not ended: its start is as far as it reached.
      fields.endUs = row === 199_999 ? Number.NaN : 1_500 + row;
      spans.add(fields);
    }
    spans.addSynthetic(0, 999_999, 900, spans.traceId[0] as number, 0);
    const whole = spanStatsOf(spans);
    const text = (ids: number[]) => ids.map((id) => spans.strings.text(id));
    expect({ ...whole, traceIds: text(whole.traceIds) }).toEqual({
      startUs: 900,
      endUs: 1_500 + 199_998,
      synthetic: 1,
      traceIds: ['0xa', '0xb', '0xc'],
    });
    expect(await runInSlices(spanStatsSteps(spans), new WorkSlices(0))).toEqual(whole);
  });
});
