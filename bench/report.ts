import { ENGINE_FIGURES, QUEUED_WRITES_AT_NODE_PATH_END } from './engine-per-node';
import type { FlowShape, MeasuredResult } from './measure';
import type { BenchSizes } from './options';

/** The target of the spec: the engine's own cost per node stays under this. */
export const TARGET_MS_PER_NODE = 1;

export interface ReportContext {
  quick: boolean;
  sizes: BenchSizes;
  nodeVersion: string;
  cpus: number;
  loadAverageAtStart: number;
  forcedGc: boolean;
}

const number = new Intl.NumberFormat('en-US');

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '—';
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

/** Left-aligns the first column and right-aligns the others. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('   ')
        .trimEnd(),
  );
}

function find(results: readonly MeasuredResult[], id: string): MeasuredResult | undefined {
  return results.find((result) => result.measurement.id === id);
}

function figure(result: MeasuredResult | undefined, name = 'wall'): number {
  return result?.perUnitMs[name]?.median ?? NaN;
}

/** A row with the median and spread of one figure; `heapGrowth` adds the run and heap columns. */
function figureRow(result: MeasuredResult, label: string, name: string, heapGrowth?: boolean): string[] {
  const spread = result.perUnitMs[name];
  if (!spread) return [label, '—'];
  const cells = [label, ms(spread.median), `${ms(spread.min)}–${ms(spread.max)}`];
  if (heapGrowth === undefined) return cells;
  return [
    ...cells,
    `${(result.medianTotalMs / 1000).toFixed(2)} s`,
    heapGrowth ? kb(result.heapGrowthPerUnitBytes) : '—',
    mb(result.heapAfterBytes),
  ];
}

function flowSection(flow: FlowShape, results: readonly MeasuredResult[], context: ReportContext): string[] {
  const ours = results.filter((result) => result.measurement.flow === flow);
  if (ours.length === 0) return [];
  const { sizes, forcedGc } = context;
  const unit = flow === 'sequential' ? 'node' : 'iteration';
  const fullUnits = flow === 'sequential' ? sizes.sequentialNodes : sizes.loopIterations;
  const title =
    flow === 'sequential'
      ? `Sequential flow: ${number.format(fullUnits)} no-op nodes in a row`
      : `Loop: forEach of ${number.format(fullUnits)} iterations, one no-op node each (an iteration = the node + its body flow)`;
  const rows: string[][] = [
    [`ms per ${unit}`, 'median', 'min–max', 'run total', `heap Δ/${unit}`, 'heap after'],
  ];

  const engine = find(ours, `engine/${flow}`);
  if (engine) {
    rows.push(
      figureRow(engine, 'engine: wall, run() → every file flushed', ENGINE_FIGURES.wall, forcedGc),
      figureRow(engine, 'engine: node path, run() → every write queued', ENGINE_FIGURES.nodePath),
      figureRow(engine, '  overhead on the node path (− no-op work)', ENGINE_FIGURES.overhead),
      figureRow(engine, '  of it inside nodes (node_started → completed)', ENGINE_FIGURES.insideNodes),
      figureRow(engine, "  the no-op node's own work", ENGINE_FIGURES.nodeWork),
    );
  }
  for (const result of ours) {
    if (result.measurement.suite === 'engine') continue;
    const { label, units } = result.measurement;
    const sample = units !== fullUnits ? ` (${number.format(units)} ${unit}s)` : '';
    rows.push(figureRow(result, `${label}${sample}`, 'wall', forcedGc));
  }

  const lines = [title, ...formatTable(rows)];
  const queued = engine?.counts[QUEUED_WRITES_AT_NODE_PATH_END];
  if (queued !== undefined && Number.isFinite(queued)) {
    lines.push(
      `  (when the last node was done, ${number.format(queued)} file writes were still queued; flushing them is the rest of the wall time)`,
    );
  }
  const ratios = ratioRows(flow, ours);
  if (ratios.length > 0) {
    lines.push('', '  ratios (below 1×: the engine takes less time)', ...formatTable(ratios, '    '));
  }
  return lines;
}

function ratioRows(flow: FlowShape, results: readonly MeasuredResult[]): string[][] {
  const engine = find(results, `engine/${flow}`);
  if (!engine) return [];
  const wall = figure(engine, ENGINE_FIGURES.wall);
  const overhead = figure(engine, ENGINE_FIGURES.overhead);
  const rows: string[][] = [];
  const add = (label: string, value: number) => {
    if (Number.isFinite(value)) rows.push([label, ratio(value)]);
  };
  add('engine wall / bare writes one by one', wall / figure(find(results, `bare-writes/${flow}/one-by-one`)));
  add(
    'engine wall / bare writes 8 at a time',
    wall / figure(find(results, `bare-writes/${flow}/8-at-a-time`)),
  );
  for (const variant of ['no-checkpointer', 'memory-saver'] as const) {
    const langGraph = figure(find(results, `langgraph/${flow}/${variant}`));
    const name = variant === 'no-checkpointer' ? 'LangGraph, no checkpointer' : 'LangGraph, MemorySaver';
    add(`engine node-path overhead / ${name}`, overhead / langGraph);
    add(`engine wall / ${name}`, wall / langGraph);
  }
  return rows;
}

/** One line for the target, then which figure it is judged on and why. */
export function verdictLines(results: readonly MeasuredResult[]): string[] {
  const engines = (['sequential', 'loop'] as const)
    .map((flow) => ({ flow, result: find(results, `engine/${flow}`) }))
    .filter((entry): entry is { flow: FlowShape; result: MeasuredResult } => entry.result !== undefined);
  if (engines.length === 0) return ['Verdict: none, the engine measurements were not run (see the filter).'];

  const overheads = engines.map(
    ({ flow, result }) => `${ms(figure(result, ENGINE_FIGURES.overhead))} ms/node (${flow})`,
  );
  const worst = Math.max(...engines.map(({ result }) => figure(result, ENGINE_FIGURES.overhead)));
  const lines = [
    `Verdict: "< ${TARGET_MS_PER_NODE} ms engine overhead per node" ${worst < TARGET_MS_PER_NODE ? 'MET' : 'NOT MET'}: ` +
      `node-path overhead ${overheads.join(', ')}, medians.`,
    "  Judged on the node path: the engine's own work per node while every file is queued behind and flushed",
    '  at the end of the run. Not on the wall time, which is bound by this disk:',
  ];
  for (const { flow, result } of engines) {
    const bareOne = figure(find(results, `bare-writes/${flow}/one-by-one`));
    const bareEight = figure(find(results, `bare-writes/${flow}/8-at-a-time`));
    const bare = Number.isFinite(bareOne)
      ? `; the same writes alone ${ms(bareOne)} ms one by one, ${ms(bareEight)} ms 8 at a time`
      : '';
    lines.push(
      `    ${flow}: wall ${ms(figure(result, ENGINE_FIGURES.wall))} ms/node with every file flushed${bare}`,
    );
  }
  return lines;
}

const NOTES = [
  'Notes',
  '  - node path: run() called until the runner span ends: every node has run and every run file is queued;',
  '    the writes in flight share this thread and the CPUs with it, but no node waits on the disk.',
  '    Engine runs have no outcome repository (no git) and one event listener, as a live run in the app has.',
  '    No-op nodes log nothing and the engine logs only failures, so logs.jsonl gets no lines here.',
  '  - bare writes: fs.promises straight, the same bytes per node: mkdir + result.json + outcome.json + one',
  '    append per span (a loop iteration adds component_result.json and its flow span); the engine also',
  '    writes JSON through a temp file + rename and appends trace lines in batches. A per-node cost, so',
  '    the loop baseline is measured on a sample of iterations.',
  '  - LangGraph writes no files and keeps its state in memory (MemorySaver too): compare its figures with',
  '    the node-path overhead for orchestration alone, with the wall time for the whole job. Graph',
  '    compilation is not timed; the loop is one node with a conditional edge back to itself. With',
  '    MemorySaver it checkpoints the same small state every step, so it is measured on a sample.',
];

/** Node, CPUs, the load at the start and whether heap readings follow a forced GC. */
export function machineLine(
  context: Pick<ReportContext, 'nodeVersion' | 'cpus' | 'loadAverageAtStart' | 'forcedGc'>,
): string {
  return (
    `Node ${context.nodeVersion}, ${context.cpus} CPUs, load average ${context.loadAverageAtStart.toFixed(1)} at start, ` +
    (context.forcedGc
      ? 'heap read after a forced GC'
      : 'no forced GC: heap readings include garbage and growth per node is left out ' +
        '(node --expose-gc --import jiti/register bench/index.ts gives both)')
  );
}

export function formatReport(results: readonly MeasuredResult[], context: ReportContext): string {
  const { sizes } = context;
  const header = [
    `Engine per-node benchmark (${context.quick ? 'quick' : 'full'}): ` +
      `${number.format(sizes.sequentialNodes)}-node sequential flow, ${number.format(sizes.loopIterations)}-iteration loop`,
    `median of ${sizes.rounds} runs after one warm-up, measurements interleaved round by round so the load falls on all alike`,
    machineLine(context),
  ];
  const sections = (['sequential', 'loop'] as const)
    .map((flow) => flowSection(flow, results, context))
    .filter((s) => s.length > 0);
  return (
    [header, ...sections, NOTES, verdictLines(results)].map((block) => block.join('\n')).join('\n\n') + '\n'
  );
}
