import type { LogPage, MetricSeries, SpanRowsPage } from '../src/shared/run-data';
import { RunIndex } from '../src/main/reader';
import { openBenchSocket, type BenchSocket } from './bench-service';
import { formatMs, percentileCells, percentilesOf, type Percentiles } from './browser-figures';
import type { GeneratedRuns } from './browser-runs';
import type { ProgressReporter } from './measure';
import type { ScaleSizes } from './options';
import { formatTable } from './report';
import { formatCount, formatDuration, loadNow, metOrNot, type ScaleSuite } from './scale-suite';

/** The metric charts ask for the top 12 executions by duration, tokens and cost. */
const CHART_TOP = 12;

/** The target: one seek of the replay screen answers in under 100 ms on a 100,000-span run. */
export const TARGET_SEEK_MS = 100;
export const TARGET_SEEK_SPANS = 100_000;

const PAGE = 200;
const SEED = 20_260_101;
const WARM_UP_SEEKS = 5;

/** The three calls of one seek, each alone, then the three in parallel as the screen makes them. */
interface SeekTimes {
  spanRows: number[];
  logLines: number[];
  metricSeries: number[];
  seek: number[];
  /** The count that gives the last page's offset (offset 0, limit 1): not part of the seek. */
  logCount: number[];
}

/** One way to ask the run: the reader in this process, or the service over the WebSocket contract. */
interface SeekTarget {
  spanRows(asOf: number): Promise<SpanRowsPage>;
  logLines(until: number, offset: number, limit: number): Promise<LogPage>;
  metricSeries(asOf: number): Promise<MetricSeries>;
}

/** JSON sizes of the seek's answers, as they cross the socket. */
interface AnswerBytes {
  spanRows: number[];
  logLines: number[];
  metricSeries: number[];
}

interface ReplayFigures {
  spans: number;
  logs: number;
  seeks: number;
  direct: Record<keyof SeekTimes, Percentiles>;
  socket: Record<keyof SeekTimes, Percentiles>;
  answerBytes: Record<keyof AnswerBytes, Percentiles>;
  openMs: number;
}

export function replaySuite(scale: ScaleSizes, runs: GeneratedRuns): ScaleSuite {
  return {
    id: 'replay',
    onlyWhenNamed: false,
    run: async (progress) => {
      const load = loadNow();
      const run = await runs.run(scale.replaySpans, progress);
      const figures = await measureReplaySeeks(await runs.project(), run, scale.replaySeeks, progress);
      return formatReplaySection(figures, load);
    },
  };
}

async function measureReplaySeeks(
  projectDir: string,
  run: { runId: string; runDir: string; spans: number; logs: number },
  seeks: number,
  progress: ProgressReporter,
): Promise<ReplayFigures> {
  let opened: BenchSocket | null = null;
  try {
    opened = await openBenchSocket(projectDir);
    const socket = opened.client;
    progress(
      `replay     ${formatCount(run.spans)} spans: opening the run in the service and in this process`,
    );
    const started = performance.now();
    const summary = await socket.value('runSummary', { runId: run.runId });
    const openMs = performance.now() - started;
    const index = await RunIndex.open(run.runDir);
    if (summary.spanCount !== run.spans || summary.startUs === null || summary.endUs === null) {
      throw new Error(
        `the service reads ${summary.spanCount} spans from ${summary.startUs} to ${summary.endUs} µs in ${run.runId}, ` +
          `which has ${run.spans} spans`,
      );
    }
    const [startUs, endUs] = [summary.startUs, summary.endUs];

    const direct: SeekTarget = {
      spanRows: async (asOf) => index.spanRows({ collapsed: [], offset: 0, limit: PAGE, asOf }),
      logLines: (until, offset, limit) => index.logLines({ until, offset, limit }),
      metricSeries: (asOf) => index.metricSeries({ asOf, top: CHART_TOP }),
    };
    const { runId } = run;
    const overSocket: SeekTarget = {
      spanRows: (asOf) => socket.value('spanRows', { runId, collapsed: [], offset: 0, limit: PAGE, asOf }),
      logLines: (until, offset, limit) => socket.value('logLines', { runId, until, offset, limit }),
      metricSeries: (asOf) => socket.value('metricSeries', { runId, asOf, top: CHART_TOP }),
    };

    const timeIn = (from: number, to: number) => (fraction: number) => from + fraction * (to - from);
    const at = timeIn(startUs, endUs);
    await seekAll([direct, overSocket], randomFractions(SEED + 1, WARM_UP_SEEKS).map(at));
    progress(`replay     ${seeks} seeded-random seeks, directly and through the WebSocket`);
    const measured = await seekAll([direct, overSocket], randomFractions(SEED, seeks).map(at));
    const [directTimes, socketTimes] = measured.times;
    return {
      spans: run.spans,
      logs: run.logs,
      seeks,
      direct: percentilesPerCall(directTimes as SeekTimes),
      socket: percentilesPerCall(socketTimes as SeekTimes),
      answerBytes: {
        spanRows: percentilesOf(measured.bytes.spanRows),
        logLines: percentilesOf(measured.bytes.logLines),
        metricSeries: percentilesOf(measured.bytes.metricSeries),
      },
      openMs,
    };
  } finally {
    await opened?.close();
  }
}

/** Seeks every target to each time in turn, checking that they answer alike. */
async function seekAll(
  targets: readonly SeekTarget[],
  times: readonly number[],
): Promise<{ times: SeekTimes[]; bytes: AnswerBytes }> {
  const all = targets.map(() => emptyTimes());
  const bytes: AnswerBytes = { spanRows: [], logLines: [], metricSeries: [] };
  for (const t of times) {
    const answers: { spans: SpanRowsPage; logs: LogPage; metrics: MetricSeries }[] = [];
    for (const [i, target] of targets.entries()) {
      const times = all[i] as SeekTimes;
      const count = await timed(times.logCount, () => target.logLines(t, 0, 1));
      const offset = Math.max(0, (count.total ?? 0) - PAGE);
      await timed(times.spanRows, () => target.spanRows(t));
      await timed(times.logLines, () => target.logLines(t, offset, PAGE));
      await timed(times.metricSeries, () => target.metricSeries(t));
      const [spans, logs, metrics] = await timed(times.seek, () =>
        Promise.all([target.spanRows(t), target.logLines(t, offset, PAGE), target.metricSeries(t)]),
      );
      checkSeek(t, offset, count, spans, logs);
      answers.push({ spans, logs, metrics });
    }
    checkAlike(t, answers);
    const answer = answers[0];
    if (answer) {
      bytes.spanRows.push(jsonBytes(answer.spans));
      bytes.logLines.push(jsonBytes(answer.logs));
      bytes.metricSeries.push(jsonBytes(answer.metrics));
    }
  }
  return { times: all, bytes };
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

async function timed<T>(into: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work();
  into.push(performance.now() - started);
  return value;
}

function checkSeek(t: number, offset: number, count: LogPage, spans: SpanRowsPage, logs: LogPage): void {
  const where = `seeking to ${t} µs`;
  if (count.total === null) throw new Error(`${where}: logLines gave no total to find the last page with`);
  if (logs.more || logs.offset + logs.lines.length !== count.total || logs.offset !== offset) {
    throw new Error(
      `${where}: the log page at offset ${logs.offset} has ${logs.lines.length} lines (more: ${logs.more}), ` +
        `not the last ${count.total - offset} of ${count.total}`,
    );
  }
  const lastLine = logs.lines.at(-1);
  if (lastLine && Date.parse(lastLine.timestamp) * 1000 > t + 1000) {
    throw new Error(`${where}: the log page ends with a line of ${lastLine.timestamp}, after t`);
  }
  if (spans.rows.some((row) => row.start > t))
    throw new Error(`${where}: spanRows gave a span started after t`);
}

function checkAlike(
  t: number,
  answers: readonly { spans: SpanRowsPage; logs: LogPage; metrics: MetricSeries }[],
) {
  const [first, ...others] = answers;
  if (!first) return;
  const shape = (answer: (typeof answers)[number]) =>
    `${answer.spans.total} spans, ${answer.spans.rows.length} rows, ` +
    `${answer.logs.total} log lines, last ${answer.logs.lines.at(-1)?.index ?? 'none'}, ` +
    `${answer.metrics.nodes.length} node metrics`;
  for (const other of others) {
    if (shape(other) !== shape(first)) {
      throw new Error(
        `seeking to ${t} µs, the reader answered ${shape(first)} and the WebSocket ${shape(other)}`,
      );
    }
  }
}

function emptyTimes(): SeekTimes {
  return { spanRows: [], logLines: [], metricSeries: [], seek: [], logCount: [] };
}

function percentilesPerCall(times: SeekTimes): Record<keyof SeekTimes, Percentiles> {
  return {
    spanRows: percentilesOf(times.spanRows),
    logLines: percentilesOf(times.logLines),
    metricSeries: percentilesOf(times.metricSeries),
    seek: percentilesOf(times.seek),
    logCount: percentilesOf(times.logCount),
  };
}

/** Fractions in [0, 1) from a small seeded generator (mulberry32), the same on every machine. */
function randomFractions(seed: number, count: number): number[] {
  let state = seed >>> 0;
  const fractions: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    fractions.push(((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296);
  }
  return fractions;
}

export function formatReplaySection(f: ReplayFigures, load: string): string[] {
  const rows: string[][] = [
    ['ms, one call alone unless said', 'direct p50', 'p95', 'max', 'WebSocket p50', 'p95', 'max', 'target'],
  ];
  const row = (label: string, key: keyof SeekTimes, target = '') => {
    rows.push([label, ...percentileCells(f.direct[key]), ...percentileCells(f.socket[key]), target]);
  };
  row(`spanRows({asOf: t, offset: 0, limit: ${PAGE}})`, 'spanRows');
  row(`logLines({until: t, offset: last page, limit: ${PAGE}})`, 'logLines');
  row('metricSeries({asOf: t})', 'metricSeries');
  row('seek: the three in parallel', 'seek', `< ${TARGET_SEEK_MS} ms`);
  row('not in the seek: logLines({until: t, offset: 0, limit: 1})', 'logCount');
  const atTargetSize = f.spans >= TARGET_SEEK_SPANS;
  const met = f.socket.seek.p95 < TARGET_SEEK_MS;
  return [
    `Replay seek: ${formatCount(f.spans)} spans + ${formatCount(f.logs)} log lines, ${f.seeks} seeded-random times ` +
      `(seed ${SEED}) after ${WARM_UP_SEEKS} warm-up seeks, ${load}`,
    '  direct: RunIndex in this process; WebSocket: the service through the browser adapter, as the window asks',
    '  (one client, calls sent as JSON and answered in turn). Per t: each call alone, then the three at once.',
    `  The last page's offset comes from the count in the last row, asked first (the window needs it too).`,
    ...formatTable(rows),
    `  answers' JSON, p50 (max): spanRows ${kilobytes(f.answerBytes.spanRows)}, ` +
      `logLines ${kilobytes(f.answerBytes.logLines)}, metricSeries ${kilobytes(f.answerBytes.metricSeries)}`,
    `  the service opened the run in ${formatDuration(f.openMs)} (the first call on it, not timed above)`,
    '',
    `Verdict: "replay seek < ${TARGET_SEEK_MS} ms on a ${formatCount(TARGET_SEEK_SPANS)}-span run" ` +
      `${atTargetSize ? metOrNot(met) : `not judged (${formatCount(f.spans)} spans)`}: ` +
      `p95 ${formatMs(f.socket.seek.p95)} ms through the WebSocket (max ${formatMs(f.socket.seek.max)} ms), ` +
      `${formatMs(f.direct.seek.p95)} ms on the reader directly.`,
  ];
}

function kilobytes(figures: Percentiles): string {
  const kb = (bytes: number) => `${formatCount(Math.round(bytes / 1024))} KB`;
  return `${kb(figures.p50)} (${kb(figures.max)})`;
}
