/** Command-line options of `npm run bench`: sizes (full or `--quick`) and an optional filter. */

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

export const USAGE = `Usage: npm run bench -- [--quick] [filter ...]
       (the -- keeps npm from taking --quick for itself)

  --quick   200-node flow and 1,000-iteration loop instead of 1,000 and 10,000
  filter    runs only the measurements whose id contains it, for example
            engine, bare-writes, langgraph, sequential, loop, langgraph/loop
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
  return { quick, help, filters, sizes: quick ? QUICK_SIZES : FULL_SIZES };
}
