import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openBenchSocket, type BenchSocket } from './bench-service';
import type { ProgressReporter } from './measure';
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

/** The goal: indexing one run never holds a call about another run up for longer than this. */
export const TARGET_MAX_WAIT_MS = 50;
const LARGE_TRACE_BYTES = 200 << 20;
const BASELINE_CALLS = 300;
/** One call pair this often at most: the server refuses more than 300 calls a second from one client. */
const CALL_SPACING_MS = 10;
const SMALL_RUN = 'run_20260101_090000_000001';
const LARGE_RUN = 'run_20260101_100000_000002';

/**
 * `npm run bench -- indexing-fairness`: while the service indexes a 200 MB trace of valid and
 * garbage lines, a client asks about another, small run, one call after another, over the real
 * WebSocket; the latencies are compared with the same calls when nothing else is being indexed.
 */
export function indexingFairnessSuite(temp: TempRoot): ScaleSuite {
  return { id: 'indexing-fairness', onlyWhenNamed: true, run: (progress) => fairnessSection(temp, progress) };
}

async function fairnessSection(temp: TempRoot, progress: ProgressReporter): Promise<string[]> {
  const load = loadNow();
  const project = await temp.newDir('fairness-');
  try {
    progress('fairness   writing a small run and a 200 MB trace of valid and garbage lines');
    await writeRun(join(project, 'runs', SMALL_RUN), 50);
    const large = await writeLargeRun(join(project, 'runs', LARGE_RUN));
    progress('fairness   opening the project (the run list counts both traces once)');
    const socket = await openBenchSocket(project);
    try {
      await smallRunCall(socket);
      progress(`fairness   ${BASELINE_CALLS} calls about the small run with nothing else going on`);
      const idle: number[] = [];
      for (let i = 0; i < BASELINE_CALLS; i++) idle.push(await timed(() => smallRunCall(socket)));
      progress('fairness   the same calls while the large run is indexed');
      const busy: number[] = [];
      // The event loop's longest stall while indexing: what a call can wait at worst, whatever asks.
      const stalls = monitorEventLoopDelay({ resolution: 5 });
      stalls.enable();
      const indexStarted = performance.now();
      let indexed = false;
      const indexing = socket.client.value('runSummary', { runId: LARGE_RUN }).finally(() => {
        indexed = true;
      });
      const busyAt: number[] = [];
      while (!indexed) {
        busyAt.push(performance.now() - indexStarted);
        busy.push(await timed(() => smallRunCall(socket)));
      }
      checkSpans(await indexing, large.spans);
      const indexMs = performance.now() - indexStarted;
      stalls.disable();
      progress('fairness   the large run indexed again, alone (a new service), for its own time');
      const aloneMs = await indexAlone(project, large.spans);
      const slowest = busy
        .map((ms, i) => ({ ms, at: busyAt[i] as number }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3);
      return formatSection({
        idle,
        busy,
        slowest,
        indexMs,
        aloneMs,
        maxStallMs: stalls.max / 1e6,
        large,
        load,
      });
    } finally {
      await socket.close();
    }
  } finally {
    await temp.remove(project);
  }
}

/** How long the large run takes to index with no call about another run in between. */
async function indexAlone(project: string, spans: number): Promise<number> {
  const socket = await openBenchSocket(project);
  try {
    const started = performance.now();
    checkSpans(await socket.client.value('runSummary', { runId: LARGE_RUN }), spans);
    return performance.now() - started;
  } finally {
    await socket.close();
  }
}

function checkSpans(summary: { spanCount: number }, spans: number): void {
  if (summary.spanCount !== spans)
    throw new Error(`fairness bench: the large run has ${spans} spans, the index holds ${summary.spanCount}`);
}

/** What the window asks when a run is shown: a page of rows and a page of logs. */
async function smallRunCall(socket: BenchSocket): Promise<void> {
  await socket.client.value('spanRows', { runId: SMALL_RUN, collapsed: [], offset: 0, limit: 50 });
  await socket.client.value('logLines', { runId: SMALL_RUN, offset: 0, limit: 50 });
}

/** How long `work` took; then waits out the rest of the call spacing. */
async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  const took = performance.now() - started;
  const rest = CALL_SPACING_MS - took;
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  return took;
}

function spanLine(n: number, parent: number | null): string {
  const id = (k: number) => `0x${k.toString(16).padStart(16, '0')}`;
  const start = new Date(Date.UTC(2026, 0, 1, 10) + n).toISOString().replace('Z', '000Z');
  return JSON.stringify({
    name: 'ai_model_call.execute',
    context: { trace_id: `0x${'1'.padStart(32, '0')}`, span_id: id(n), trace_state: '[]' },
    kind: 'SpanKind.INTERNAL',
    parent_id: parent === null ? null : id(parent),
    start_time: start,
    end_time: start,
    status: { status_code: 'OK' },
    attributes: {
      'dad.generic.node_id': `node_${n}`,
      'dad.generic.node_type': 'ai_model_call',
      'dad.generic.node_hierarchy': `agent.flow.node_${n}`,
      'dad.node_internal.final_prompt': 'Summarise the document in three sentences.',
    },
    events: [],
    links: [],
  });
}

async function writeRun(dir: string, spans: number): Promise<void> {
  await mkdir(join(dir, '.trace'), { recursive: true });
  const lines = Array.from({ length: spans }, (_, i) => spanLine(i + 1, i === 0 ? null : 1));
  await writeFile(join(dir, '.trace', 'trace.jsonl'), lines.join('\n') + '\n');
  const logs = Array.from({ length: spans }, (_, i) =>
    JSON.stringify({
      body: `log ${i}`,
      severity_text: 'INFO',
      severity_number: 9,
      timestamp: '2026-01-01T10:00:00.000000Z',
    }),
  );
  await writeFile(join(dir, '.trace', 'logs.jsonl'), logs.join('\n') + '\n');
  await writeFile(
    join(dir, '.trace', 'dad_metadata.json'),
    JSON.stringify({
      run_id: dir.split('/').pop(),
      created_at: '2026-01-01T10:00:00.000000Z',
      status: 'completed',
    }),
  );
}

/** A trace of `LARGE_TRACE_BYTES`: valid span lines, every other line garbage. */
export async function writeLargeRun(dir: string): Promise<{ spans: number; bytes: number }> {
  await writeRun(dir, 0);
  const file = await open(join(dir, '.trace', 'trace.jsonl'), 'w');
  let bytes = 0;
  let spans = 0;
  try {
    while (bytes < LARGE_TRACE_BYTES) {
      const block: string[] = [];
      for (let i = 0; i < 5_000; i++) {
        spans++;
        block.push(spanLine(spans, spans === 1 ? null : 1));
        block.push(`garbage ${spans} {"not": json at all ${'#'.repeat(spans % 300)}`);
      }
      const text = block.join('\n') + '\n';
      await file.write(text);
      bytes += Buffer.byteLength(text);
    }
  } finally {
    await file.close();
  }
  return { spans, bytes };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function formatSection(f: {
  idle: number[];
  busy: number[];
  slowest: { ms: number; at: number }[];
  indexMs: number;
  aloneMs: number;
  maxStallMs: number;
  large: { spans: number; bytes: number };
  load: string;
}): string[] {
  const idle = [...f.idle].sort((a, b) => a - b);
  const busy = [...f.busy].sort((a, b) => a - b);
  const row = (name: string, pick: (values: number[]) => number): string[] => [
    name,
    formatDuration(pick(idle)),
    formatDuration(pick(busy)),
    `${(pick(busy) / pick(idle)).toFixed(1)}×`,
  ];
  const max = (values: number[]) => values[values.length - 1] ?? Number.NaN;
  return [
    `indexing fairness (${f.load}): calls about a small run while a ${formatMegabytes(f.large.bytes)} trace ` +
      `(${formatCount(f.large.spans)} spans, as many garbage lines) is indexed in ${formatDuration(f.indexMs)}`,
    ...formatTable([
      ['one call (a page of rows and a page of logs)', 'nothing else indexed', 'while indexing', 'ratio'],
      row('p50', (values) => percentile(values, 50)),
      row('p95', (values) => percentile(values, 95)),
      row('max', max),
      ['calls', formatCount(idle.length), formatCount(busy.length), ''],
    ]),
    `  the large run indexed alone in ${formatDuration(f.aloneMs)}; the event loop's longest stall while ` +
      `indexing: ${formatDuration(f.maxStallMs)}`,
    `  the slowest calls while indexing (started at, of ${formatDuration(f.indexMs)}): ` +
      f.slowest.map((call) => `${formatDuration(call.ms)} at ${formatDuration(call.at)}`).join(', '),
    `  goal: calls wait no more than ${TARGET_MAX_WAIT_MS} ms longer while another run is indexed ` +
      `(p95 ${formatDuration(percentile(busy, 95))} against ${formatDuration(percentile(idle, 95))} idle): ` +
      metOrNot(percentile(busy, 95) - percentile(idle, 95) <= TARGET_MAX_WAIT_MS) +
      `; at worst (max ${formatDuration(max(busy))} against ${formatDuration(max(idle))}): ` +
      metOrNot(max(busy) - max(idle) <= TARGET_MAX_WAIT_MS),
  ];
}
