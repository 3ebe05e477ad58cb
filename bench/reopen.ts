import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scanLines } from '../src/main/reader/line-reader';
import { savedIndexPath } from '../src/main/reader/saved-index/saved-run-indexes';
import { utf8 } from '../src/main/reader/utf8-text';
import type { ProgressReporter } from './measure';
import { median } from './measure';
import { READER_1M_SIZES } from './options';
import type { Elapsed, ReopenChildFigures } from './reopen-child';
import type { FirstOpenFigures } from './first-open-child';
// Types only: the DuckDB native addon is loaded when this suite runs, not by every bench.
import type { DuckDbReopenFigures } from './reopen-duckdb';
import { formatTable } from './report';
import {
  formatCount,
  formatDuration,
  formatMegabytes,
  loadNow,
  metOrNot,
  type ScaleSuite,
} from './scale-suite';
import { generateLargeRun } from './support/generate-large-run';
import type { TempRoot } from './temp-root';

/** The targets for re-opening an indexed run of 1M spans in a fresh process. */
export const TARGET_REOPEN_FIRST_SCREEN_MS = 500;
export const TARGET_REOPEN_QUERYABLE_MS = 1000;
export const TARGET_SERVICE_RSS_BYTES = 400 << 20;
export const TARGET_FIRST_SCREEN_MS = 1500;
export const TARGET_FIRST_OPEN_RATIO = 1.3;
export const TARGET_OTHER_CALL_P95_MS = 50;
const CHILD = fileURLToPath(new URL('./reopen-child.ts', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIRST_OPEN_CHILD = fileURLToPath(new URL('./first-open-child.ts', import.meta.url));
const DUCKDB_CHILD = fileURLToPath(new URL('./reopen-duckdb.ts', import.meta.url));
const REOPENS = 3;

/**
 * `npm run bench -- reopen`: a run of 1M spans and 1M log lines is opened once (built from its
 * files and saved in a cache folder), then re-opened in fresh processes, which load the saved
 * index. Against the targets, the first open and a bare chunked `JSON.parse` of the files.
 */
export function reopenSuite(temp: TempRoot): ScaleSuite {
  return { id: 'reopen', onlyWhenNamed: true, run: (progress) => reopenSection(temp, progress) };
}

async function reopenSection(temp: TempRoot, progress: ProgressReporter): Promise<string[]> {
  const load = loadNow();
  const work = await temp.newDir('reopen-');
  try {
    const { spans, logs } = READER_1M_SIZES;
    progress(`reopen     generating ${formatCount(spans)} spans + ${formatCount(logs)} log lines`);
    const run = await generateLargeRun({ runRoot: join(work, 'runs'), spans, logs });
    const cacheDir = join(work, 'cache');

    progress('reopen     a bare chunked JSON.parse of trace.jsonl and logs.jsonl (warm-up, then timed)');
    const tracePath = join(run.runDir, '.trace', 'trace.jsonl');
    const logsPath = join(run.runDir, '.trace', 'logs.jsonl');
    await bareParse(tracePath);
    const bare = await timed(async () => {
      await bareParse(tracePath);
      await bareParse(logsPath);
    });

    const small = await generateLargeRun({ runRoot: join(work, 'small-runs'), spans: 2_000, logs: 2_000 });
    const builtWorker = await ensureBuiltWorker(progress);
    progress(
      "reopen     first open in a fresh process, in the built app's workers (then saved), asking about another run every 10 ms",
    );
    const inWorker = await childFigures<FirstOpenFigures>(FIRST_OPEN_CHILD, [
      'worker',
      run.runDir,
      small.runDir,
      builtWorker.file,
      cacheDir,
    ]);
    progress(
      'reopen     first open in a fresh process, in workers started from the sources (jiti), the same way asked',
    );
    const fromSources = await childFigures<FirstOpenFigures>(FIRST_OPEN_CHILD, [
      'worker',
      run.runDir,
      small.runDir,
      '-',
    ]);
    progress(
      'reopen     first open in a fresh process, all on its main thread (in slices), the same way asked',
    );
    const onThread = await childFigures<FirstOpenFigures>(FIRST_OPEN_CHILD, [
      'thread',
      run.runDir,
      small.runDir,
      '-',
    ]);
    for (const figures of [inWorker, fromSources, onThread]) {
      if (figures.spanCount !== spans)
        throw new Error(`the ${figures.mode} open found ${figures.spanCount} spans`);
    }
    const firstOpen = inWorker.whole;
    const firstWithSave = inWorker.saved ?? inWorker.whole;
    const savedBytes = (await stat(savedIndexPath(cacheDir, await realpath(run.runDir)))).size;

    // The run's 1.7 GB were just written: flushed first, so that re-opens, like those of a later
    // day, do not wait behind the disk writing them out.
    await promisify(execFile)('sync');
    const reopens: (ReopenChildFigures & { processMs: number })[] = [];
    for (let i = 0; i < REOPENS; i++) {
      progress(`reopen     re-open ${i + 1}/${REOPENS} in a fresh process`);
      const figures = await reopenInChild(run.runDir, cacheDir);
      if (figures.loadedFrom !== 'saved' || figures.spanCount !== spans)
        throw new Error(`a re-open was ${figures.loadedFrom} with ${figures.spanCount} spans`);
      reopens.push(figures);
    }
    const firstScreen = medianElapsed(reopens.map((figures) => figures.firstScreen));
    const queryable = medianElapsed(reopens.map((figures) => figures.queryable));
    const heavyMs = median(reopens.map((figures) => figures.heavyQueriesMs));
    const rss = median(reopens.map((figures) => figures.rssBytes));
    const rssBefore = median(reopens.map((figures) => figures.rssBeforeBytes));
    const processMs = median(reopens.map((figures) => figures.processMs));

    progress('reopen     DuckDB: loading the same trace and logs into a database file');
    const databaseFile = join(work, 'run.duckdb');
    const { loadIntoDuckDb } = await import('./reopen-duckdb');
    const duckLoad = await timed(() => loadIntoDuckDb(databaseFile, tracePath, logsPath));
    const duckBytes = (await stat(databaseFile)).size;
    const duckReopens: DuckDbReopenFigures[] = [];
    for (let i = 0; i < REOPENS; i++) {
      progress(`reopen     DuckDB re-open ${i + 1}/${REOPENS} in a fresh process`);
      const figures = await childFigures<DuckDbReopenFigures>(DUCKDB_CHILD, [databaseFile]);
      if (figures.spanCount !== spans) throw new Error(`DuckDB holds ${figures.spanCount} spans`);
      duckReopens.push(figures);
    }
    const duckScreen = medianElapsed(duckReopens.map((figures) => figures.firstScreen));
    const duckQueryable = medianElapsed(duckReopens.map((figures) => figures.queryable));
    const duckHeavyMs = median(duckReopens.map((figures) => figures.heavyQueriesMs));
    const duckRss = median(duckReopens.map((figures) => figures.rssBytes));

    const row = (label: string, value: Elapsed, base: Elapsed | null) => [
      label,
      formatDuration(value.wallMs),
      formatDuration(value.cpuMs),
      base === null ? '' : times(value.wallMs / base.wallMs),
      base === null ? '' : times(value.cpuMs / base.cpuMs),
    ];
    const verdict = (target: string, value: Elapsed, targetMs: number) =>
      `Verdict: "${target} < ${formatDuration(targetMs)}" ${metOrNot(value.wallMs < targetMs)}: ` +
      `${formatDuration(value.wallMs)} wall (${formatDuration(value.cpuMs)} CPU${value.cpuMs < targetMs ? ', within it' : ''}), ` +
      `${(firstOpen.wallMs / value.wallMs).toFixed(0)}× faster than the first open.`;
    return [
      `Re-open: ${formatCount(spans)} spans + ${formatCount(logs)} log lines ` +
        `(trace ${formatMegabytes(run.traceBytes)}, logs ${formatMegabytes(run.logBytes)}), ${load}`,
      `  re-opens: median of ${REOPENS} fresh processes; ratios to the bare chunked JSON.parse of the same files`,
      ...formatTable([
        ['figure', 'wall', 'CPU', 'wall ratio', 'CPU ratio'],
        row('bare chunked JSON.parse of trace + logs', bare, bare),
        row('first open in a worker: first 200 span rows (a preview)', inWorker.firstScreen, bare),
        row('first open in a worker: the whole index', firstOpen, bare),
        row('first open in a worker, and its save written', firstWithSave, bare),
        row('the same in workers started from the sources: the whole index', fromSources.whole, bare),
        row('first open on the main thread: the whole index', onThread.whole, bare),
        row('re-open: first 200 span rows', firstScreen, bare),
        row('re-open: whole run queryable (a span by id, a log page)', queryable, bare),
      ]),
      ...formatTable([
        ['more figures', 'value'],
        ['the saved index file', formatMegabytes(savedBytes)],
        ['the built worker (out/main/index-worker.js)', `built ${builtWorker.builtAt}`],
        ['first open in a worker: previews of the spans read so far', String(inWorker.previews)],
        [
          'first open in a worker: another run asked every 10 ms, answer p50 / p95 / max',
          callTimes(inWorker.otherCallMs),
        ],
        ['first open on the main thread: the same, p50 / p95 / max', callTimes(onThread.otherCallMs)],
        ['first open in a worker: peak RSS of its process', formatMegabytes(inWorker.peakRssBytes)],
        ['first open on the main thread: peak RSS of its process', formatMegabytes(onThread.peakRssBytes)],
        [
          'first open in a worker: RSS once over (workers gone, collected)',
          formatMegabytes(inWorker.settledRssBytes),
        ],
        [
          'first open on the main thread: RSS once over (collected)',
          formatMegabytes(onThread.settledRssBytes),
        ],
        ['re-open: RSS of the fresh process', formatMegabytes(rss)],
        [
          're-open: its RSS before the open (Node, the TypeScript loader, modules)',
          formatMegabytes(rssBefore),
        ],
        ['re-open: then a search of all spans, the summary, the metric series', formatDuration(heavyMs)],
        ['re-open: the whole process, Node start and module loading included', formatDuration(processMs)],
      ]),
      '',
      '  The same trace and logs in DuckDB (@duckdb/node-api), the fields the index keeps as columns;',
      '  its first screen is 200 spans by start time: it keeps no tree (building one is left to the caller).',
      ...formatTable([
        ['DuckDB', 'value', 'vs ours'],
        [
          'load into a database file (its first open)',
          formatDuration(duckLoad.wallMs),
          times(duckLoad.wallMs / firstWithSave.wallMs),
        ],
        ['the database file', formatMegabytes(duckBytes), times(duckBytes / savedBytes)],
        [
          're-open: first 200 spans, wall',
          formatDuration(duckScreen.wallMs),
          times(duckScreen.wallMs / firstScreen.wallMs),
        ],
        [
          're-open: first 200 spans, CPU',
          formatDuration(duckScreen.cpuMs),
          times(duckScreen.cpuMs / firstScreen.cpuMs),
        ],
        [
          're-open: a span by id and a log page, wall',
          formatDuration(duckQueryable.wallMs),
          times(duckQueryable.wallMs / queryable.wallMs),
        ],
        [
          're-open: then a search and totals per node',
          formatDuration(duckHeavyMs),
          times(duckHeavyMs / heavyMs),
        ],
        ['re-open: RSS of the fresh process', formatMegabytes(duckRss), times(duckRss / rss)],
      ]),
      '',
      verdict(
        're-open of an indexed 1M-span run (fresh process): first screen',
        firstScreen,
        TARGET_REOPEN_FIRST_SCREEN_MS,
      ),
      verdict('the whole run queryable', queryable, TARGET_REOPEN_QUERYABLE_MS),
      `Verdict: "1M spans + 1M log lines under ${formatMegabytes(TARGET_SERVICE_RSS_BYTES)} RSS" (re-opened process) ` +
        `${metOrNot(rss < TARGET_SERVICE_RSS_BYTES)}: ${formatMegabytes(rss)}.`,
      `Verdict: "first open: first screen of span rows < ${formatDuration(TARGET_FIRST_SCREEN_MS)}" ` +
        `${metOrNot(inWorker.firstScreen.wallMs < TARGET_FIRST_SCREEN_MS)}: ${formatDuration(inWorker.firstScreen.wallMs)} ` +
        `(the whole index after ${formatDuration(firstOpen.wallMs)}).`,
      `Verdict: "first open: the whole index ≤ ${TARGET_FIRST_OPEN_RATIO.toFixed(2)}× a bare chunked JSON.parse" ` +
        `${metOrNot(firstOpen.wallMs / bare.wallMs <= TARGET_FIRST_OPEN_RATIO)}: ${times(firstOpen.wallMs / bare.wallMs)} wall, ` +
        `${times(firstOpen.cpuMs / bare.cpuMs)} CPU.`,
      `Verdict: "any other call answers with p95 < ${TARGET_OTHER_CALL_P95_MS} ms while a first open works" ` +
        `${metOrNot(inWorker.otherCallMs.p95 < TARGET_OTHER_CALL_P95_MS)}: p95 ${inWorker.otherCallMs.p95.toFixed(1)} ms ` +
        `in a worker (${onThread.otherCallMs.p95.toFixed(1)} ms with the open on the main thread).`,
    ];
  } finally {
    await temp.remove(work);
  }
}

/** The built app's index worker, built first when missing (as `npm run build` would). */
async function ensureBuiltWorker(progress: ProgressReporter): Promise<{ file: string; builtAt: string }> {
  const file = join(PACKAGE_ROOT, 'out', 'main', 'index-worker.js');
  if (!existsSync(file)) {
    progress('reopen     out/main/index-worker.js is missing: running electron-vite build');
    await promisify(execFile)('npx', ['electron-vite', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 16 << 20 });
  }
  return { file, builtAt: (await stat(file)).mtime.toLocaleString('en-GB') };
}

async function timed<T>(work: () => Promise<T>): Promise<Elapsed & { value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

function medianElapsed(values: readonly Elapsed[]): Elapsed {
  return {
    wallMs: median(values.map((value) => value.wallMs)),
    cpuMs: median(values.map((value) => value.cpuMs)),
  };
}

async function reopenInChild(
  runDir: string,
  cacheDir: string,
): Promise<ReopenChildFigures & { processMs: number }> {
  const started = performance.now();
  const figures = await childFigures<ReopenChildFigures>(CHILD, [runDir, cacheDir]);
  return { ...figures, processMs: performance.now() - started };
}

/** Runs a bench script in a fresh Node process and takes the JSON line it prints. */
async function childFigures<T>(script: string, args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'jiti/register', script, ...args],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim()) as T;
}

/** JSON.parse of every line of a file, read the same chunked way the index reads it. */
async function bareParse(path: string): Promise<number> {
  let parsed = 0;
  await scanLines(path, (bytes, start, end) => {
    if (JSON.parse(utf8(bytes, start, end)) !== null) parsed++;
  });
  return parsed;
}

function callTimes(figures: FirstOpenFigures['otherCallMs']): string {
  return `${figures.p50.toFixed(1)} / ${figures.p95.toFixed(1)} / ${figures.max.toFixed(1)} ms (${figures.count} calls)`;
}

function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}
