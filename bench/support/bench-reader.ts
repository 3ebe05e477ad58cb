import { link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLargeRun } from './generate-large-run';
import { utf8 } from '../../src/main/reader/utf8-text';
import { scanLines } from '../../src/main/reader/line-reader';
import { RunIndex } from '../../src/main/reader/run-index';

export interface ReaderBenchOptions {
  spans: number;
  logs: number;
  /** Where to make the bench's temp folder (removed afterwards); the system temp folder by default. */
  workDir?: string;
}

export interface ReaderBenchFigures {
  spans: number;
  logs: number;
  traceBytes: number;
  logBytes: number;
  generateMs: number;
  /** RunIndex.open of the whole run (trace, logs, metrics, metadata). */
  openMs: number;
  /** Whether heap figures follow a forced full collection (`node --expose-gc`). */
  gcForced: boolean;
  heapUsedBeforeBytes: number;
  heapUsedAfterOpenBytes: number;
  /** Typed-array columns live outside the JS heap: this is their share. */
  arrayBuffersAfterOpenBytes: number;
  rssAfterOpenBytes: number;
  /** Indexing trace.jsonl alone (the best of two; wall clock, and CPU time of the process). */
  traceIndexMs: number;
  traceIndexCpuMs: number;
  /** JSON.parse of every trace line and nothing else (same chunked reading, no index). */
  traceBareParseMs: number;
  traceBareParseCpuMs: number;
  /**
   * Bare parse time / index time: at least 0.5 meets "half the speed of a bare JSON.parse". The
   * CPU-time ratio is the steadier one on a shared machine.
   */
  traceSpeedRatio: number;
  traceCpuRatio: number;
  logIndexMs: number;
  logIndexCpuMs: number;
  logBareParseMs: number;
  logBareParseCpuMs: number;
  logSpeedRatio: number;
  logCpuRatio: number;
  queries: {
    spanRowsMs: number;
    spanRowsCollapsedMs: number;
    spanRowsAsOfMs: number;
    spansInRangeMs: number;
    searchSpansMs: number;
    spanDetailMs: number;
    logPageMs: number;
    logPageFilteredMs: number;
    logTextSearchMs: number;
    metricSeriesMs: number;
  };
}

const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Writes a synthetic run of the given size, opens it and runs the main queries, timing each, and
 * compares reading the trace and logs with a bare `JSON.parse` of the same lines. Removes what it
 * wrote. Figures are from one run each (after one warm-up read of each file for the parse
 * comparisons), so expect some noise on a shared machine.
 */
export async function benchReader(options: ReaderBenchOptions): Promise<ReaderBenchFigures> {
  const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), 'dad-reader-bench-'));
  try {
    let started = performance.now();
    const run = await generateLargeRun({
      runRoot: join(workDir, 'runs'),
      spans: options.spans,
      logs: options.logs,
    });
    const generateMs = performance.now() - started;
    const tracePath = join(run.runDir, '.trace', 'trace.jsonl');
    const logsPath = join(run.runDir, '.trace', 'logs.jsonl');
    // One-file runs (hard links, no copies) time each file's indexing alone.
    const traceOnly = await oneFileRun(workDir, 'trace_only', tracePath, 'trace.jsonl');
    const logsOnly = await oneFileRun(workDir, 'logs_only', logsPath, 'logs.jsonl');

    // The best of two of each: the first also warms the page cache and the JIT.
    const traceBare = await bestOfTwo(() => bareParse(tracePath));
    const traceIndex = await bestOfTwo(() => RunIndex.open(traceOnly));
    const logBare = await bestOfTwo(() => bareParse(logsPath));
    const logIndex = await bestOfTwo(() => RunIndex.open(logsOnly));

    collect?.();
    const heapUsedBeforeBytes = process.memoryUsage().heapUsed;
    started = performance.now();
    const index = await RunIndex.open(run.runDir);
    const openMs = performance.now() - started;
    collect?.();
    const memory = process.memoryUsage();

    const summary = await index.summary();
    const firstRoot = summary.rootSpanIds[0] ?? '';
    const middle = Math.floor(run.spans / 2);
    const time = async (work: () => unknown): Promise<number> => {
      const begin = performance.now();
      await work();
      return performance.now() - begin;
    };
    const page = index.spanRows({ collapsed: [], offset: 0, limit: 50 });
    const flowIds = page.rows.filter((row) => row.name === 'flow.execute').map((row) => row.spanId);
    const queries = {
      spanRowsMs: await time(() => index.spanRows({ collapsed: [], offset: middle, limit: 200 })),
      spanRowsCollapsedMs: await time(() => index.spanRows({ collapsed: flowIds, offset: 0, limit: 200 })),
      spanRowsAsOfMs: await time(() =>
        index.spanRows({
          collapsed: [],
          offset: middle / 2,
          limit: 200,
          asOf: ((summary.startUs ?? 0) + (summary.endUs ?? 0)) / 2,
        }),
      ),
      spansInRangeMs: await time(() =>
        index.spansInRange({ from: summary.startUs ?? 0, to: summary.endUs ?? 0, limit: 20_000 }),
      ),
      searchSpansMs: await time(() => index.searchSpans('iter_42.', 200)),
      spanDetailMs: await time(() => index.spanDetail(firstRoot)),
      logPageMs: await time(() => index.logLines({ offset: Math.floor(run.logs / 2), limit: 500 })),
      logPageFilteredMs: await time(() =>
        index.logLines({ offset: 1000, limit: 500, minSeverity: 13, nodeId: 'summarize' }),
      ),
      logTextSearchMs: await time(() => index.logLines({ offset: 0, limit: 100, text: 'failed' })),
      metricSeriesMs: await time(() => index.metricSeries({})),
    };
    return {
      spans: run.spans,
      logs: run.logs,
      traceBytes: run.traceBytes,
      logBytes: run.logBytes,
      generateMs,
      openMs,
      gcForced: typeof collect === 'function',
      heapUsedBeforeBytes,
      heapUsedAfterOpenBytes: memory.heapUsed,
      arrayBuffersAfterOpenBytes: memory.arrayBuffers,
      rssAfterOpenBytes: memory.rss,
      traceIndexMs: traceIndex.wallMs,
      traceIndexCpuMs: traceIndex.cpuMs,
      traceBareParseMs: traceBare.wallMs,
      traceBareParseCpuMs: traceBare.cpuMs,
      traceSpeedRatio: traceBare.wallMs / traceIndex.wallMs,
      traceCpuRatio: traceBare.cpuMs / traceIndex.cpuMs,
      logIndexMs: logIndex.wallMs,
      logIndexCpuMs: logIndex.cpuMs,
      logBareParseMs: logBare.wallMs,
      logBareParseCpuMs: logBare.cpuMs,
      logSpeedRatio: logBare.wallMs / logIndex.wallMs,
      logCpuRatio: logBare.cpuMs / logIndex.cpuMs,
      queries,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** JSON.parse of every line of a file, read the same chunked way the index reads it. */
async function bareParse(path: string): Promise<number> {
  let parsed = 0;
  await scanLines(path, (bytes, start, end) => {
    if (JSON.parse(utf8(bytes, start, end)) !== null) parsed++;
  });
  return parsed;
}

async function bestOfTwo(work: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const best = { wallMs: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 2; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    best.wallMs = Math.min(best.wallMs, performance.now() - started);
    best.cpuMs = Math.min(best.cpuMs, (used.user + used.system) / 1000);
  }
  return best;
}

async function oneFileRun(workDir: string, name: string, source: string, fileName: string): Promise<string> {
  const dir = join(workDir, name);
  await mkdir(join(dir, '.trace'), { recursive: true });
  await link(source, join(dir, '.trace', fileName));
  return dir;
}
