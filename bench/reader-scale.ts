import { benchReader, type ReaderBenchFigures } from './support/bench-reader';
import type { ProgressReporter } from './measure';
import { READER_1M_SIZES, type ScaleSizes } from './options';
import { formatTable } from './report';
import {
  formatCount,
  formatDuration,
  formatMegabytes,
  loadNow,
  metOrNot,
  type ScaleSuite,
} from './scale-suite';
import type { TempRoot } from './temp-root';

/** The spec: reading trace files runs at no less than half the speed of a bare JSON.parse. */
export const TARGET_READ_SPEED_RATIO = 0.5;

export function readerSuites(scale: ScaleSizes, temp: TempRoot): ScaleSuite[] {
  return [
    {
      id: 'reader',
      onlyWhenNamed: false,
      run: (progress) => readerSection(scale.readerSpans, scale.readerLogs, temp, progress),
    },
    {
      id: 'reader-1m',
      onlyWhenNamed: true,
      run: (progress) => readerSection(READER_1M_SIZES.spans, READER_1M_SIZES.logs, temp, progress),
    },
  ];
}

async function readerSection(
  spans: number,
  logs: number,
  temp: TempRoot,
  progress: ProgressReporter,
): Promise<string[]> {
  const load = loadNow();
  progress(`reader     ${formatCount(spans)} spans + ${formatCount(logs)} log lines: generating and reading`);
  const started = performance.now();
  const figures = await benchReader({ spans, logs, workDir: temp.path });
  progress(`reader     done in ${formatDuration(performance.now() - started)}`);
  if (figures.spans !== spans || figures.logs !== logs) {
    throw new Error(
      `reader bench: asked for ${spans} spans and ${logs} log lines, the generated run has ${figures.spans} and ${figures.logs}`,
    );
  }
  return formatReaderSection(figures, load);
}

export function formatReaderSection(f: ReaderBenchFigures, load: string): string[] {
  const heapNote = f.gcForced ? 'after a forced GC' : 'no forced GC: includes garbage';
  const opening = formatTable([
    ['opening the run', 'figure'],
    ['generating it (synthetic, not something a user waits for)', formatDuration(f.generateMs)],
    ['open: RunIndex.open of trace, logs, metrics and metadata', formatDuration(f.openMs)],
    [
      `JS heap after open (${heapNote})`,
      `${formatMegabytes(f.heapUsedAfterOpenBytes)} (${formatMegabytes(f.heapUsedBeforeBytes)} before)`,
    ],
    [
      'ArrayBuffers after open (the typed-array columns, outside the JS heap)',
      formatMegabytes(f.arrayBuffersAfterOpenBytes),
    ],
    ['process RSS after open', formatMegabytes(f.rssAfterOpenBytes)],
  ]);
  const speed = formatTable([
    ['reading speed, best of two', 'index', 'bare JSON.parse', 'speed ratio', 'CPU-time ratio'],
    [
      `trace.jsonl (${formatMegabytes(f.traceBytes)})`,
      formatDuration(f.traceIndexMs),
      formatDuration(f.traceBareParseMs),
      ratio(f.traceSpeedRatio),
      ratio(f.traceCpuRatio),
    ],
    [
      `logs.jsonl (${formatMegabytes(f.logBytes)})`,
      formatDuration(f.logIndexMs),
      formatDuration(f.logBareParseMs),
      ratio(f.logSpeedRatio),
      ratio(f.logCpuRatio),
    ],
  ]);
  const q = f.queries;
  const queries = formatTable([
    ['queries on the opened run, one each', 'ms'],
    ['span rows: 200 from the middle', ms(q.spanRowsMs)],
    ['span rows: 200 with the first page of flows collapsed', ms(q.spanRowsCollapsedMs)],
    ['span rows: 200 as of the middle of the run (replay)', ms(q.spanRowsAsOfMs)],
    ['spans in the whole time range, up to 20,000', ms(q.spansInRangeMs)],
    ['search spans for "iter_42.", up to 200', ms(q.searchSpansMs)],
    ['span detail of the root', ms(q.spanDetailMs)],
    ['log page: 500 lines from the middle', ms(q.logPageMs)],
    ['log page: 500 lines, warn and above, one node', ms(q.logPageFilteredMs)],
    ['log text search: first 100 lines with "failed"', ms(q.logTextSearchMs)],
    ['metric series of the whole run', ms(q.metricSeriesMs)],
  ]);
  const met = f.traceSpeedRatio >= TARGET_READ_SPEED_RATIO && f.logSpeedRatio >= TARGET_READ_SPEED_RATIO;
  const cpuMet = f.traceCpuRatio >= TARGET_READ_SPEED_RATIO && f.logCpuRatio >= TARGET_READ_SPEED_RATIO;
  return [
    `Reader: ${formatCount(f.spans)} spans + ${formatCount(f.logs)} log lines ` +
      `(trace ${formatMegabytes(f.traceBytes)}, logs ${formatMegabytes(f.logBytes)}), one run, ${load}`,
    ...opening,
    '',
    '  speed ratio = bare JSON.parse time / index time, over the same lines read the same chunked way',
    ...speed,
    '',
    ...queries,
    '',
    `Verdict: "trace and log reading at ≥ ${TARGET_READ_SPEED_RATIO}× the speed of a bare JSON.parse" ${metOrNot(met)}: ` +
      `trace ${ratio(f.traceSpeedRatio)}, logs ${ratio(f.logSpeedRatio)} (wall time, best of two each).`,
    `  On CPU time, the steadier figure on a shared machine: trace ${ratio(f.traceCpuRatio)}, ` +
      `logs ${ratio(f.logCpuRatio)}, ${cpuMet ? 'also at or above' : 'below'} ${TARGET_READ_SPEED_RATIO}×.`,
    ...(f.spans >= READER_1M_SIZES.spans && f.logs >= READER_1M_SIZES.logs
      ? [
          `Verdict: "a run of ${formatCount(READER_1M_SIZES.spans)} spans and ${formatCount(READER_1M_SIZES.logs)} log lines opens" MET: ` +
            `in ${formatDuration(f.openMs)}, JS heap ${formatMegabytes(f.heapUsedAfterOpenBytes)} after it.`,
          "  The timeline's frame times at this size are the renderer's and are not measured here.",
        ]
      : [`  Opening the whole run took ${formatDuration(f.openMs)} (the spec sets no time for it).`]),
  ];
}

function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '—';
}
