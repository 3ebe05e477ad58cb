import type { RunIndex } from '../../src/main/reader/run-index';

/** Every query a window makes, over the whole run: two indexes that answer alike give equal results. */
export async function everything(index: RunIndex): Promise<unknown> {
  const summary = await index.summary();
  const all = index.spanRows({ collapsed: [], offset: 0, limit: 1_000_000 });
  const parents = all.rows.filter((row) => row.childCount > 0).map((row) => row.spanId);
  const middle = ((summary.startUs ?? 0) + (summary.endUs ?? 0)) / 2;
  const details = [];
  for (let i = 0; i < all.rows.length; i += 17)
    details.push(await index.spanDetail(all.rows[i]?.spanId ?? ''));
  return {
    summary,
    all,
    collapsed: index.spanRows({ collapsed: parents.slice(1, 3), offset: 0, limit: 1_000_000 }),
    asOf: index.spanRows({ collapsed: [], offset: 3, limit: 1_000_000, asOf: middle }),
    rowIndex: index.spanRowIndex(all.rows[all.rows.length - 1]?.spanId ?? '', {
      collapsed: parents.slice(0, 1),
    }),
    inRange: index.spansInRange({ from: summary.startUs ?? 0, to: summary.endUs ?? 0, limit: 40 }),
    search: index.searchSpans('iter_1', 1000),
    details,
    logs: await index.logLines({ offset: 0, limit: 1_000_000 }),
    warnings: await index.logLines({ offset: 2, limit: 1_000_000, minSeverity: 13, until: middle }),
    text: await index.logLines({ offset: 0, limit: 50, text: 'fail' }),
    metrics: await index.metricSeries({ top: 5, buckets: 7 }),
    metricsAsOf: await index.metricSeries({ asOf: middle }),
    moments: [index.adjacentMoment(middle, 1), index.adjacentMoment(middle, -1)],
  };
}
