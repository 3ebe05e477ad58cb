/**
 * The fresh process of the `reopen` bench: opens a run whose index was saved, and prints one JSON
 * line of figures. Run as `node --import jiti/register bench/reopen-child.ts <runDir> <cacheDir>`.
 */
import { RunIndex } from '../src/main/reader/run-index';

/** Wall and CPU time (ms), from the call to `RunIndex.open`. CPU time is the steadier on a busy machine. */
export interface Elapsed {
  wallMs: number;
  cpuMs: number;
}

export interface ReopenChildFigures {
  loadedFrom: string;
  /** To the first 200 span rows in hand. */
  firstScreen: Elapsed;
  /** To the whole run queryable: a span found by id (every lookup table in place) and a log page from the middle. */
  queryable: Elapsed;
  /** Then a search over every span, the run's summary and its metric series: the queries' own cost. */
  heavyQueriesMs: number;
  rssBytes: number;
  /** Before the open: Node, the TypeScript loader and the modules. */
  rssBeforeBytes: number;
  spanCount: number;
}

async function main(): Promise<void> {
  const [runDir, cacheDir] = process.argv.slice(2);
  if (runDir === undefined || cacheDir === undefined)
    throw new Error('usage: reopen-child.ts <runDir> <cacheDir>');
  const rssBeforeBytes = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const elapsed = (): Elapsed => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  const index = await RunIndex.open(runDir, { cacheDir });
  const firstPage = index.spanRows({ collapsed: [], offset: 0, limit: 200 });
  const firstScreen = elapsed();
  const middle = index.spanRows({ collapsed: [], offset: Math.floor(firstPage.total / 2), limit: 1 }).rows[0];
  const detail = await index.spanDetail(middle?.spanId ?? '');
  if (detail.detailError !== null) throw new Error(detail.detailError);
  await index.logLines({ offset: 500_000, limit: 500 });
  const queryable = elapsed();
  const heavyStarted = performance.now();
  index.searchSpans('iter_42.', 200);
  const summary = await index.summary();
  await index.metricSeries({ top: 20 });
  const figures: ReopenChildFigures = {
    loadedFrom: index.loadedFrom,
    firstScreen,
    queryable,
    heavyQueriesMs: performance.now() - heavyStarted,
    rssBytes: process.memoryUsage().rss,
    rssBeforeBytes,
    spanCount: summary.spanCount,
  };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`reopen child failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
