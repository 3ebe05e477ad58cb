import { spawn } from 'node:child_process';
import { appendFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressReporter } from './measure';
import { median } from './measure';
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

/** Issue 11's targets for listing a project of 1,000 runs, one of them of 1M spans. */
export const TARGET_AFTER_START_MS = 1000;
export const TARGET_UNCHANGED_MS = 100;
const SMALL_RUNS = 999;
const LARGE_SPANS = 1_000_000;
const UNCHANGED_STARTS = 3;
const GROWN_STARTS = 2;
const LISTINGS_AGAIN = 5;
const REPO_ROOT = join(import.meta.dirname, '..');
const LIST_RUNS_MODULE = join(REPO_ROOT, 'src', 'main', 'reader', 'list-runs.ts');
const FACTS_CACHE_MODULE = join(REPO_ROOT, 'src', 'main', 'reader', 'run-facts-cache.ts');
const TRACE_STATS_MODULE = join(REPO_ROOT, 'src', 'main', 'reader', 'trace-stats.ts');

/**
 * `npm run bench -- runs-list`: a project of 999 small runs and one of 1M spans, listed by a fresh
 * process (as after an app start) with an empty cache folder, then with the one it left; then,
 * in that process, again with nothing changed, and once more after one run's trace grew.
 */
export function runsListSuite(temp: TempRoot): ScaleSuite {
  return { id: 'runs-list', onlyWhenNamed: true, run: (progress) => runsListSection(temp, progress) };
}

/** What one listing process measured (in the process, around `listRuns` only). */
interface ListingFigures {
  firstMs: number;
  /** CPU time of the same listing: the steadier figure on a shared machine. */
  firstCpuMs: number;
  againMs: number[];
  againCpuMs: number[];
  grownMs: number;
  runs: number;
  largeNodeCount: number | null;
  /** Trace files opened and bytes read from them by the first listing. */
  traceFiles: number;
  traceBytes: number;
  /** Trace files opened by all the listings again with nothing changed. */
  againTraceFiles: number;
  /** Trace files opened by the listing after a small run grew in the same process (null: none grew). */
  grownTraceFiles: number | null;
  /** The grown run's node count before and after it grew by one node line. */
  grownNodes: { before: number | null; after: number | null } | null;
  /** From spawning the process to its exit: Node's start and module loading included. */
  processMs: number;
}

async function runsListSection(temp: TempRoot, progress: ProgressReporter): Promise<string[]> {
  const load = loadNow();
  const project = await temp.newDir('runs-list-');
  try {
    const runRoot = join(project, 'runs');
    const cacheDir = join(project, 'cache');
    progress(
      `runs-list  writing ${formatCount(SMALL_RUNS)} small runs and one of ${formatCount(LARGE_SPANS)} spans`,
    );
    await writeSmallRuns(runRoot);
    const large = await generateLargeRun({
      runRoot,
      spans: LARGE_SPANS,
      logs: 0,
      runId: 'run_20260102_000000_ffffff',
    });
    progress('runs-list  listing from a fresh process with an empty cache folder');
    const cold = await listInChild(runRoot, cacheDir, null);
    const unchanged: ListingFigures[] = [];
    for (let i = 0; i < UNCHANGED_STARTS; i++) {
      progress(
        `runs-list  a fresh process, the cache folder as left, nothing changed (${i + 1}/${UNCHANGED_STARTS})`,
      );
      unchanged.push(await listInChild(runRoot, cacheDir, null));
    }
    const grown: ListingFigures[] = [];
    for (let i = 0; i < GROWN_STARTS; i++) {
      progress(
        `runs-list  a fresh process after one run grew, which grows again in it (${i + 1}/${GROWN_STARTS})`,
      );
      // The process saves what it read of the run's growth: the next start sees only its own.
      await appendFile(traceOf(runRoot, i), grownLine() + '\n');
      grown.push(await listInChild(runRoot, cacheDir, traceOf(runRoot, i)));
    }
    const warm = [...unchanged, ...grown];
    for (const figures of [cold, ...warm]) {
      if (figures.runs !== SMALL_RUNS + 1 || figures.largeNodeCount !== large.nodeSpans) {
        throw new Error(
          `runs-list bench: listed ${figures.runs} runs and ${figures.largeNodeCount} nodes in the large one, ` +
            `expected ${SMALL_RUNS + 1} and ${large.nodeSpans}`,
        );
      }
      const nodes = figures.grownNodes;
      if (nodes && (nodes.before === null || nodes.after !== nodes.before + 1)) {
        throw new Error(
          `runs-list bench: the run that grew by one node listed ${nodes.before} nodes, then ${nodes.after}`,
        );
      }
    }
    return formatSection({ cold, unchanged, grown }, large.traceBytes, load);
  } finally {
    await temp.remove(project);
  }
}

function traceOf(runRoot: string, smallRun: number): string {
  return join(runRoot, smallRunId(smallRun), '.trace', 'trace.jsonl');
}

function smallRunId(i: number): string {
  return `run_20260101_000000_${i.toString(16).padStart(6, '0')}`;
}

async function writeSmallRuns(runRoot: string): Promise<void> {
  await mkdir(runRoot, { recursive: true });
  let next = 0;
  const worker = async () => {
    while (next < SMALL_RUNS) {
      const runId = smallRunId(next++);
      await generateLargeRun({ runRoot, spans: 20, logs: 0, runId, flows: 2 });
      // No logs: listing never reads them, and 999 empty files would only cost the generation.
      await rm(join(runRoot, runId, '.trace', 'logs.jsonl'), { force: true });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Lists in a new Node process: first (timed), `LISTINGS_AGAIN` times with nothing changed, then
 * once after appending a node line to `growTrace`. The process saves its facts before it exits.
 */
async function listInChild(
  runRoot: string,
  cacheDir: string,
  growTrace: string | null,
): Promise<ListingFigures> {
  const script = `
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url);
    const { listRuns } = await jiti.import(${JSON.stringify(LIST_RUNS_MODULE)});
    const { flushRunFacts } = await jiti.import(${JSON.stringify(FACTS_CACHE_MODULE)});
    const { traceFileReads } = await jiti.import(${JSON.stringify(TRACE_STATS_MODULE)});
    const { appendFile } = await import('node:fs/promises');
    const list = async () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const runs = await listRuns(${JSON.stringify(runRoot)}, { cacheDir: ${JSON.stringify(cacheDir)} });
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, runs };
    };
    const first = await list();
    const traceFiles = traceFileReads.files;
    const traceBytes = traceFileReads.bytes;
    const againMs = [];
    const againCpuMs = [];
    const readsBeforeAgain = traceFileReads.files;
    for (let i = 0; i < ${LISTINGS_AGAIN}; i++) {
      const again = await list();
      againMs.push(again.ms);
      againCpuMs.push(again.cpuMs);
    }
    const againTraceFiles = traceFileReads.files - readsBeforeAgain;
    const grow = ${JSON.stringify(growTrace)};
    let grownMs = NaN;
    let grownTraceFiles = null;
    let grownNodes = null;
    if (grow) {
      const grownId = grow.split(/[\\\\/]/).at(-3);
      const nodesOf = (runs) => runs.find((run) => run.runId === grownId)?.nodeCount ?? null;
      const before = nodesOf(first.runs);
      const readsBefore = traceFileReads.files;
      await appendFile(grow, ${JSON.stringify(grownLine())} + '\\n');
      const grown = await list();
      grownMs = grown.ms;
      grownTraceFiles = traceFileReads.files - readsBefore;
      grownNodes = { before, after: nodesOf(grown.runs) };
    }
    await flushRunFacts();
    const largeRun = first.runs.find((run) => run.runId === 'run_20260102_000000_ffffff');
    process.stdout.write(JSON.stringify({
      firstMs: first.ms, firstCpuMs: first.cpuMs, againMs, againCpuMs, grownMs, runs: first.runs.length,
      largeNodeCount: largeRun ? largeRun.nodeCount : null, traceFiles, traceBytes,
      againTraceFiles, grownTraceFiles, grownNodes,
    }));
  `;
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`runs-list bench: the listing process exited ${code}: ${stderr}`)),
    );
  });
  return {
    ...(JSON.parse(output) as Omit<ListingFigures, 'processMs'>),
    processMs: performance.now() - started,
  };
}

/** A node span line as the engine writes it (the small runs' own shape is not needed to count it). */
function grownLine(): string {
  return JSON.stringify({
    name: 'command.execute',
    context: { trace_id: '0x01', span_id: '0x00000000000fffff', trace_state: '[]' },
    parent_id: null,
    start_time: '2026-01-01T00:00:00.000000Z',
    end_time: '2026-01-01T00:00:01.000000Z',
    status: { status_code: 'OK' },
    attributes: { 'dad.generic.node_id': 'grown' },
  });
}

interface Listings {
  cold: ListingFigures;
  /** Fresh processes with the cache folder as the last one left it, nothing changed since. */
  unchanged: ListingFigures[];
  /** Fresh processes after one small run grew; each also lists after another grew in it. */
  grown: ListingFigures[];
}

function formatSection(
  { cold, unchanged, grown }: Listings,
  largeTraceBytes: number,
  load: string,
): string[] {
  const warm = [...unchanged, ...grown];
  const startUnchanged = median(unchanged.map((figures) => figures.firstMs));
  const startGrown = median(grown.map((figures) => figures.firstMs));
  const afterStart = Math.max(startUnchanged, startGrown);
  const afterStartCpu = Math.max(
    median(unchanged.map((figures) => figures.firstCpuMs)),
    median(grown.map((figures) => figures.firstCpuMs)),
  );
  const again = median(warm.flatMap((figures) => figures.againMs));
  const againCpu = median(warm.flatMap((figures) => figures.againCpuMs));
  const reads = (figures: ListingFigures) => `${figures.traceFiles} (${formatMegabytes(figures.traceBytes)})`;
  const row = (label: string, wall: number, cpu: number, traces: string, target: number | null) => [
    label,
    formatDuration(wall),
    formatDuration(cpu),
    traces,
    target === null ? '—' : `< ${formatDuration(target)}`,
    target === null ? '—' : ratioOf(target, wall),
  ];
  const table = formatTable([
    [
      'listing 1,000 runs, timed in the process around listRuns',
      'time',
      'CPU',
      'traces read',
      'target',
      'ratio',
    ],
    row('a fresh process, empty cache folder', cold.firstMs, cold.firstCpuMs, reads(cold), null),
    row(
      `a fresh process, the cache it left, nothing changed (median of ${unchanged.length})`,
      startUnchanged,
      median(unchanged.map((figures) => figures.firstCpuMs)),
      reads(unchanged[0] as ListingFigures),
      TARGET_AFTER_START_MS,
    ),
    row(
      `a fresh process, the cache it left, one small run grew (median of ${grown.length})`,
      startGrown,
      median(grown.map((figures) => figures.firstCpuMs)),
      reads(grown[0] as ListingFigures),
      TARGET_AFTER_START_MS,
    ),
    row(
      `the same process again, nothing changed (median of ${warm.length * LISTINGS_AGAIN})`,
      again,
      againCpu,
      `${sum(warm.map((figures) => figures.againTraceFiles))} in all`,
      TARGET_UNCHANGED_MS,
    ),
    [
      `the same process again, one small run grew (median of ${grown.length})`,
      formatDuration(median(grown.map((figures) => figures.grownMs))),
      '',
      `${sum(grown.map((figures) => figures.grownTraceFiles ?? 0))} in ${grown.length} listings`,
      '—',
      '—',
    ],
    [
      'a fresh process from spawn to exit, with the cache (Node and module loading in)',
      formatDuration(median(warm.map((figures) => figures.processMs))),
      '',
      '',
      '',
      '',
    ],
  ]);
  return [
    `Runs list: ${formatCount(SMALL_RUNS)} small runs + one of ${formatCount(LARGE_SPANS)} spans ` +
      `(trace ${formatMegabytes(largeTraceBytes)}), ${load}`,
    "  ratio = target / time (at or above 1× meets it); CPU = the listing process's own CPU time",
    ...table,
    '',
    `Verdict: "a project of 1,000 runs (one of 1M spans) lists in < ${formatDuration(TARGET_AFTER_START_MS)} after an app start" ` +
      `${metOrNot(afterStart < TARGET_AFTER_START_MS)}: ${formatDuration(afterStart)} at worst, ` +
      `${ratioOf(TARGET_AFTER_START_MS, afterStart)}; ${ratioOf(cold.firstMs, afterStart)} faster than with an empty cache ` +
      `(${formatDuration(cold.firstMs)}).`,
    `Verdict: "and in < ${formatDuration(TARGET_UNCHANGED_MS)} when nothing changed" ` +
      `${metOrNot(again < TARGET_UNCHANGED_MS)}: ${formatDuration(again)}, ${ratioOf(TARGET_UNCHANGED_MS, again)}.`,
    `  On CPU time, the steadier figure on a shared machine: ${formatDuration(afterStartCpu)} after a start ` +
      `(${ratioOf(TARGET_AFTER_START_MS, afterStartCpu)}), ${formatDuration(againCpu)} unchanged ` +
      `(${ratioOf(TARGET_UNCHANGED_MS, againCpu)}).`,
  ];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** `a / b`, as `2.5×`. */
function ratioOf(a: number, b: number): string {
  const ratio = a / b;
  return Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '—';
}
