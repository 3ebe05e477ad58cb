import { z } from 'zod';
import packageInfo from '../../../../package.json' with { type: 'json' };
import type { FileProblem } from '../../../shared/run-data';
import { LOG_COLUMNS, LogColumns, type LogColumnName } from '../log-columns';
import { SPAN_COLUMNS, SpanColumns, type SpanColumnName } from '../span-columns';
import type { SpanStats } from '../span-stats';
import type { SpanTree } from '../span-tree';
import type { TypedColumn } from '../typed-columns';
import { runInSlices } from '../work-slices';
import { IndexFileRefused, kindOf, type Sections } from './index-file';
import { checkRowsSteps, lineWithin } from './saved-rows-check';
import { runFileStateSchema, type RunFileState } from './run-file-state';
import {
  decodePackedStrings,
  decodeStringsSteps,
  encodeStringsSteps,
  type StringEncoding,
} from './string-table';

/**
 * What the columns and the saved fields mean. Bumped whenever reading a line gives other columns
 * than before (a new field, another rule): an index saved by an older reader is then rebuilt.
 */
export const SAVED_INDEX_VERSION = 5;

/**
 * The app that saved an index: a release may read lines otherwise without anyone bumping
 * `SAVED_INDEX_VERSION`, so an index saved by another version of the app is rebuilt.
 */
export const SAVED_BY = `${packageInfo.name}@${packageInfo.version}`;

/** The run files a saved index covers, each exactly once. */
const RUN_FILES = ['.trace/trace.jsonl', '.trace/logs.jsonl', '.trace/metrics.jsonl'] as const;

/** Where the reading of one run file stands: enough to go on from there. */
export interface FileCursorState {
  resumeOffset: number;
  nextLineNumber: number;
  unreported: number;
  reported: number;
  /** The index in `problems` of the problem saying the file is missing, while it is. */
  missingProblem: number | null;
  tailNote: FileProblem | null;
}

/** Everything a file index holds, as saved and as loaded. */
export interface RunIndexSnapshot {
  /** The run folder's real path: the key of the saved file, checked again when loaded. */
  runDir: string;
  spans: SpanColumns;
  logs: LogColumns;
  tree: SpanTree;
  stats: SpanStats;
  metricLines: { offset: number; length: number }[];
  problems: FileProblem[];
  cursors: { trace: FileCursorState; logs: FileCursorState; metrics: FileCursorState };
  syntheticCount: number;
  /** Broken lines described per file; an index read with another limit lists other problems. */
  maxProblemsPerFile: number;
  /** The run's files as they were when saved (trace, logs, metrics). */
  files: RunFileState[];
}

const problemSchema = z.object({ file: z.string(), line: z.number().nullable(), message: z.string() });
const cursorSchema = z.object({
  resumeOffset: z.number().int().nonnegative(),
  nextLineNumber: z.number().int().positive(),
  unreported: z.number().int().nonnegative(),
  reported: z.number().int().nonnegative(),
  missingProblem: z.number().int().nonnegative().nullable(),
  tailNote: problemSchema.nullable(),
});
const encodingSchema = z.enum(['latin1', 'utf16le']);

const metaSchema = z.object({
  savedIndexVersion: z.literal(SAVED_INDEX_VERSION),
  savedBy: z.string(),
  runDir: z.string(),
  files: z.array(runFileStateSchema),
  spanCount: z.number().int().nonnegative(),
  logCount: z.number().int().nonnegative(),
  syntheticCount: z.number().int().nonnegative(),
  maxProblemsPerFile: z.number().int().nonnegative(),
  problems: z.array(problemSchema),
  cursors: z.object({ trace: cursorSchema, logs: cursorSchema, metrics: cursorSchema }),
  cyclesBroken: z.number().int().nonnegative(),
  stats: z.object({
    startUs: z.number().nullable(),
    endUs: z.number().nullable(),
    synthetic: z.number().int().nonnegative(),
  }),
  encodings: z.object({ spanStrings: encodingSchema, spanPaths: encodingSchema, logStrings: encodingSchema }),
});

export type SnapshotMeta = z.infer<typeof metaSchema>;

/** The header half of a saved index, checked; refused when it is not one this reader wrote. */
export function snapshotMetaOf(meta: unknown): SnapshotMeta {
  const version = (meta as { savedIndexVersion?: unknown } | null)?.savedIndexVersion;
  if (version !== SAVED_INDEX_VERSION)
    throw new IndexFileRefused(`saved by index version ${String(version)}, not ${SAVED_INDEX_VERSION}`);
  const savedBy = (meta as { savedBy?: unknown }).savedBy;
  if (savedBy !== SAVED_BY) throw new IndexFileRefused(`saved by ${String(savedBy)}, not ${SAVED_BY}`);
  const parsed = metaSchema.safeParse(meta);
  if (!parsed.success) throw new IndexFileRefused('its header does not describe a run index');
  const files = parsed.data.files.map((file) => file.file);
  if (files.length !== RUN_FILES.length || RUN_FILES.some((file) => !files.includes(file)))
    throw new IndexFileRefused('its header does not name the run files');
  return parsed.data;
}

const TREE_SECTIONS = ['roots', 'childStart', 'children', 'order', 'position', 'size', 'depth'] as const;

/** The snapshot as a header and sections; the sections are views of the index's own columns. */
export async function snapshotToFile(
  snapshot: RunIndexSnapshot,
): Promise<{ meta: SnapshotMeta; sections: Sections }> {
  const sections: Sections = new Map();
  const spanColumns = snapshot.spans.savedColumns();
  for (const name of SPAN_COLUMNS) sections.set(`spans.${name}`, spanColumns[name]);
  const spanStrings = await runInSlices(encodeStringsSteps(snapshot.spans.strings.values));
  const spanPaths = await runInSlices(encodeStringsSteps(snapshot.spans.path.slice(0, snapshot.spans.count)));
  sections.set('spans.strings.lengths', spanStrings.lengths).set('spans.strings.text', spanStrings.text);
  sections.set('spans.paths.lengths', spanPaths.lengths).set('spans.paths.text', spanPaths.text);
  const logColumns = snapshot.logs.savedColumns();
  for (const name of LOG_COLUMNS) sections.set(`logs.${name}`, logColumns[name]);
  const logStrings = await runInSlices(encodeStringsSteps(snapshot.logs.strings.values));
  sections.set('logs.strings.lengths', logStrings.lengths).set('logs.strings.text', logStrings.text);
  for (const name of TREE_SECTIONS) sections.set(`tree.${name}`, snapshot.tree[name]);
  sections.set('stats.traceIds', Uint32Array.from(snapshot.stats.traceIds));
  sections.set(
    'metrics.offset',
    Float64Array.from(snapshot.metricLines, (line) => line.offset),
  );
  sections.set(
    'metrics.length',
    Float64Array.from(snapshot.metricLines, (line) => line.length),
  );
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    meta: {
      savedIndexVersion: SAVED_INDEX_VERSION,
      savedBy: SAVED_BY,
      runDir: snapshot.runDir,
      files: snapshot.files,
      spanCount: snapshot.spans.count,
      logCount: snapshot.logs.count,
      syntheticCount: snapshot.syntheticCount,
      maxProblemsPerFile: snapshot.maxProblemsPerFile,
      problems: snapshot.problems,
      cursors: snapshot.cursors,
      cyclesBroken: snapshot.tree.cyclesBroken,
      stats: {
        startUs: finite(snapshot.stats.startUs),
        endUs: finite(snapshot.stats.endUs),
        synthetic: snapshot.stats.synthetic,
      },
      encodings: {
        spanStrings: spanStrings.encoding,
        spanPaths: spanPaths.encoding,
        logStrings: logStrings.encoding,
      },
    },
    sections,
  };
}

/** The column types a fresh index has, which a saved one must have too. */
const EXPECTED_SPAN_KINDS = kindsOf(new SpanColumns(0), SPAN_COLUMNS);
const EXPECTED_LOG_KINDS = kindsOf(new LogColumns(0), LOG_COLUMNS);

function kindsOf<K extends string>(owner: Record<K, TypedColumn>, names: readonly K[]): Map<K, string> {
  return new Map(names.map((name) => [name, kindOf(owner[name])]));
}

/**
 * The index back from a header and its sections, in slices. Every section is checked for its
 * type and length; one that does not fit refuses the whole file.
 */
export async function snapshotFromFile(meta: SnapshotMeta, sections: Sections): Promise<RunIndexSnapshot> {
  const count = meta.spanCount;
  for (const cursor of Object.values(meta.cursors)) {
    if (cursor.missingProblem !== null && cursor.missingProblem >= meta.problems.length)
      throw new IndexFileRefused('its header does not describe a run index');
  }
  const take = <T extends TypedColumn>(name: string, kind: string, length: number | null): T => {
    const column = sections.get(name);
    if (!column || kindOf(column) !== kind || (length !== null && column.length !== length))
      throw new IndexFileRefused(`its section ${name} does not fit`);
    return column as T;
  };
  const spanColumns = {} as Record<SpanColumnName, TypedColumn>;
  for (const name of SPAN_COLUMNS)
    spanColumns[name] = take(`spans.${name}`, EXPECTED_SPAN_KINDS.get(name) as string, count);
  const logColumns = {} as Record<LogColumnName, TypedColumn>;
  for (const name of LOG_COLUMNS)
    logColumns[name] = take(`logs.${name}`, EXPECTED_LOG_KINDS.get(name) as string, meta.logCount);
  const strings = async (prefix: string, encoding: StringEncoding) => {
    const decoded = await runInSlices(
      decodeStringsSteps({
        lengths: take<Int32Array>(`${prefix}.lengths`, 'i32', null),
        text: take<Uint8Array>(`${prefix}.text`, 'u8', null),
        encoding,
      }),
    );
    if (!decoded || decoded[0] !== null) throw new IndexFileRefused(`its section ${prefix} does not fit`);
    return decoded;
  };
  const spanStrings = await strings('spans.strings', meta.encodings.spanStrings);
  const paths = decodePackedStrings({
    lengths: take<Int32Array>('spans.paths.lengths', 'i32', count),
    text: take<Uint8Array>('spans.paths.text', 'u8', null),
    encoding: meta.encodings.spanPaths,
  });
  if (!paths) throw new IndexFileRefused('its section spans.paths does not fit');
  const logStrings = await strings('logs.strings', meta.encodings.logStrings);

  const roots = take<Int32Array>('tree.roots', 'i32', null);
  const tree: SpanTree = {
    roots,
    childStart: take('tree.childStart', 'i32', count + 1),
    children: take('tree.children', 'i32', count - roots.length),
    order: take('tree.order', 'i32', count),
    position: take('tree.position', 'i32', count),
    size: take('tree.size', 'i32', count),
    depth: take('tree.depth', 'i32', count),
    cyclesBroken: meta.cyclesBroken,
  };
  const spans = SpanColumns.restored(count, spanColumns, spanStrings, paths);
  const logs = LogColumns.restored(meta.logCount, logColumns, logStrings);
  const offsets = take<Float64Array>('metrics.offset', 'f64', null);
  const lengths = take<Float64Array>('metrics.length', 'f64', offsets.length);
  const traceIds = take<Uint32Array>('stats.traceIds', 'u32', null);
  const ends = {
    trace: meta.cursors.trace.resumeOffset,
    logs: meta.cursors.logs.resumeOffset,
    metrics: meta.cursors.metrics.resumeOffset,
  };
  await runInSlices(checkRowsSteps(spans, logs, tree, traceIds, ends));
  for (let i = 0; i < offsets.length; i++) {
    if (!lineWithin(offsets[i] as number, lengths[i] as number, ends.metrics))
      throw new IndexFileRefused('its section metrics.offset holds a value out of range');
  }
  return {
    runDir: meta.runDir,
    spans,
    logs,
    tree,
    stats: {
      startUs: meta.stats.startUs ?? Number.POSITIVE_INFINITY,
      endUs: meta.stats.endUs ?? Number.NEGATIVE_INFINITY,
      synthetic: meta.stats.synthetic,
      traceIds: Array.from(traceIds),
    },
    metricLines: Array.from(offsets, (offset, i) => ({ offset, length: lengths[i] as number })),
    problems: meta.problems,
    cursors: meta.cursors,
    syntheticCount: meta.syntheticCount,
    maxProblemsPerFile: meta.maxProblemsPerFile,
    files: meta.files,
  };
}
