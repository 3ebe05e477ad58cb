/** Command-line options of `npm run bench`: sizes (full or `--quick`) and an optional filter. */

/** Sizes of the scale suites (reader, history, compare, live), which run once each. */
export interface ScaleSizes {
  readerSpans: number;
  readerLogs: number;
  historyCommits: number;
  changedFiles: number;
  liveEventsPerSecond: number;
  liveSeconds: number;
  /** The timeline's frame times: the large run, and the small one its figures are compared with. */
  framesSpans: number;
  framesBaselineSpans: number;
  /** The renderer's memory with the run view open on each of these runs. */
  rendererMemorySpans: readonly number[];
  /** Replay seeks: the run's size and how many seeded-random times are sought. */
  replaySpans: number;
  replaySeeks: number;
}

export interface BenchSizes {
  /** Nodes in the sequential flow. */
  sequentialNodes: number;
  /** Iterations of the forEach loop (one no-op node each). */
  loopIterations: number;
  /** Units the bare-write baseline writes; a per-unit cost, so a sample is enough. */
  bareSequentialNodes: number;
  bareLoopIterations: number;
  /** LangGraph's loop with MemorySaver: one small checkpoint per step, so a sample is enough too. */
  langGraphCheckpointedLoopIterations: number;
  /** Warm-up sizes: enough to compile the hot paths, not the full size. */
  warmUpSequentialNodes: number;
  warmUpLoopIterations: number;
  /** Measured runs of each measurement; the median is reported. */
  rounds: number;
}

export interface BenchOptions {
  quick: boolean;
  help: boolean;
  /** Substrings of measurement ids; a measurement runs when any matches (all run when empty). */
  filters: string[];
  sizes: BenchSizes;
  scale: ScaleSizes;
}

export const FULL_SIZES: BenchSizes = {
  sequentialNodes: 1_000,
  loopIterations: 10_000,
  bareSequentialNodes: 1_000,
  bareLoopIterations: 1_000,
  langGraphCheckpointedLoopIterations: 2_000,
  warmUpSequentialNodes: 200,
  warmUpLoopIterations: 500,
  rounds: 3,
};

export const QUICK_SIZES: BenchSizes = {
  sequentialNodes: 200,
  loopIterations: 1_000,
  bareSequentialNodes: 200,
  bareLoopIterations: 200,
  langGraphCheckpointedLoopIterations: 1_000,
  warmUpSequentialNodes: 50,
  warmUpLoopIterations: 100,
  rounds: 3,
};

export const FULL_SCALE_SIZES: ScaleSizes = {
  readerSpans: 100_000,
  readerLogs: 1_000_000,
  historyCommits: 10_000,
  changedFiles: 10_000,
  liveEventsPerSecond: 10_000,
  liveSeconds: 5,
  framesSpans: 1_000_000,
  framesBaselineSpans: 10_000,
  rendererMemorySpans: [10_000, 100_000, 1_000_000],
  replaySpans: 100_000,
  replaySeeks: 50,
};

export const QUICK_SCALE_SIZES: ScaleSizes = {
  readerSpans: 20_000,
  readerLogs: 100_000,
  historyCommits: 1_000,
  changedFiles: 1_000,
  liveEventsPerSecond: 10_000,
  liveSeconds: 1,
  framesSpans: 100_000,
  framesBaselineSpans: 10_000,
  rendererMemorySpans: [10_000, 100_000],
  // The spec's seek target is for this size, and writing it takes seconds: the same as the full bench.
  replaySpans: 100_000,
  replaySeeks: 50,
};

/** The run of the spec's scale section, too long for every bench: only when a filter names it. */
export const READER_1M_SIZES = { spans: 1_000_000, logs: 1_000_000 } as const;

export const USAGE = `Usage: npm run bench -- [--quick] [filter ...]
       (the -- keeps npm from taking --quick for itself)

  --quick   smaller sizes: a 200-node flow and 1,000-iteration loop instead of 1,000 and 10,000;
            a 20,000-span run with 100,000 log lines instead of 100,000 and 1,000,000;
            1,000 commits and changed files instead of 10,000; live events for 1 s instead of 5 s;
            timeline frames on 100,000 spans instead of 1,000,000, renderer memory without it
  filter    runs only the measurements whose id contains it, for example
            engine, bare-writes, langgraph, sequential, loop, langgraph/loop,
            reader, history, compare, live,
            frames (quiet, then beside CPU burners at load ≥ 2.5), renderer-memory (the window
            in Chromium; out/renderer is built first when missing), replay (seeks on a
            100,000-span run, also with --quick)
            reader-1m (1,000,000 spans and log lines, a few minutes) runs only when named
            exactly, and not with --quick; so do reopen (a 1M-span run opened first in worker
            threads with previews and on the main thread, then its saved index re-opened in
            fresh processes, against a bare JSON.parse and DuckDB) and runs-list (1,000
            runs, one of 1M spans, listed after an app start with and without the cache)
  --help    prints this text`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let quick = false;
  let help = false;
  const filters: string[] = [];
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    else filters.push(arg);
  }
  return {
    quick,
    help,
    filters,
    sizes: quick ? QUICK_SIZES : FULL_SIZES,
    scale: quick ? QUICK_SCALE_SIZES : FULL_SCALE_SIZES,
  };
}
