import { StringInterner } from './interner';
import type { PackedStrings } from './packed-strings';
import { formatSpanId, parseSpanId, SpanIdTable, type SpanIdParts } from './span-id';
import type { SpanLineFields, SpanStatusName } from './span-line';
import { resizeColumnSteps, worthCompacting, type TypedColumn } from './typed-columns';
import { runWhole, type SteppedWork } from './work-slices';

export const STATUS_UNSET = 0;
export const STATUS_OK = 1;
export const STATUS_ERROR = 2;
const STATUS_CODES: Record<SpanStatusName, number> = {
  UNSET: STATUS_UNSET,
  OK: STATUS_OK,
  ERROR: STATUS_ERROR,
};
export const STATUS_NAMES: SpanStatusName[] = ['UNSET', 'OK', 'ERROR'];

/** The span recorded an `exception` event. */
export const FLAG_EXCEPTION = 1;
/** Stands for a parent that never ended (its children did): made up by the reader. */
export const FLAG_SYNTHETIC = 2;
/** A node's span (it has `dad.generic.node_id`), as opposed to a component's or a runner's. */
export const FLAG_NODE = 4;
/** A stand-in for a parent the file it was imported from did not hold (with FLAG_SYNTHETIC). */
export const FLAG_NOT_IN_FILE = 8;
/** A call to a model in another tool's trace (`gen_ai.*`, OpenInference): its usage counts like a node's. */
export const FLAG_MODEL_CALL = 16;

/**
 * Why a referenced parent has no line: in a run of this engine or DAD's, the run stopped before
 * the parent ended (lines are written as spans end); in a run imported from a trace file, the
 * file did not hold it, and it never will.
 */
export type StandInKind = 'not-ended' | 'not-in-file';

export type AddSpanResult = { row: number } | { problem: string };

/**
 * Every span of a run as parallel typed arrays (one entry per span, about 100 bytes each), with
 * strings interned. Detail (attributes, events) is not kept here: a file index reads it back by
 * line offset, a live index keeps records beside.
 */
export class SpanColumns {
  readonly strings = new StringInterner();
  private idTable: SpanIdTable;
  /** Restored rows `unindexedFrom..unindexedTo` are not in the id table yet (see `indexIdsSteps`). */
  private unindexedFrom = 0;
  private unindexedTo = 0;
  count = 0;
  /** Bumped by every change, so derived structures (the tree) know when to rebuild. */
  version = 0;
  startUs: Float64Array;
  /** NaN while the span has not ended. */
  endUs: Float64Array;
  idHi: Uint32Array;
  idLo: Uint32Array;
  /** The parent id as written (0/0 for none), resolved to `parent` when the tree is built. */
  parentHi: Uint32Array;
  parentLo: Uint32Array;
  parent: Int32Array;
  traceId: Uint32Array;
  name: Uint32Array;
  nodeId: Uint32Array;
  nodeType: Uint32Array;
  /**
   * Hierarchy paths as strings, one per row: nearly every node's path is unique (loop iterations),
   * so interning them would only add a map entry to each.
   */
  private pathList: (string | null)[] = [];
  /** The paths of restored spans, each cut out when asked for, until all are wanted as an array. */
  private packedPaths: PackedStrings | null = null;
  componentPath: Uint32Array;
  /** The service that made the span (its resource's `service.name`); 0 when it says none. */
  service: Uint32Array;
  status: Uint8Array;
  flags: Uint8Array;
  /** NaN when unknown. */
  cost: Float64Array;
  tokens: Float64Array;
  /** Where the span's line is in `trace.jsonl` (-1 for spans not read from a file). */
  lineOffset: Float64Array;
  lineLength: Uint32Array;
  private readonly scratch: SpanIdParts = { hi: 0, lo: 0 };
  private readonly internTrace = this.strings.column();
  private readonly internName = this.strings.column();
  private readonly internNodeId = this.strings.column();
  private readonly internNodeType = this.strings.column();
  private readonly internComponentPath = this.strings.column();
  private readonly internService = this.strings.column();

  constructor(expected = 1024) {
    const capacity = Math.max(16, expected);
    this.idTable = new SpanIdTable(capacity);
    this.startUs = new Float64Array(capacity);
    this.endUs = new Float64Array(capacity);
    this.idHi = new Uint32Array(capacity);
    this.idLo = new Uint32Array(capacity);
    this.parentHi = new Uint32Array(capacity);
    this.parentLo = new Uint32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.traceId = new Uint32Array(capacity);
    this.name = new Uint32Array(capacity);
    this.nodeId = new Uint32Array(capacity);
    this.nodeType = new Uint32Array(capacity);
    this.componentPath = new Uint32Array(capacity);
    this.service = new Uint32Array(capacity);
    this.status = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.cost = new Float64Array(capacity);
    this.tokens = new Float64Array(capacity);
    this.lineOffset = new Float64Array(capacity);
    this.lineLength = new Uint32Array(capacity);
  }

  /** Adds one span; a span without a usable id or start time, or with an id seen before, is refused. */
  add(fields: SpanLineFields, lineOffset = -1, lineLength = 0): AddSpanResult {
    const id = this.scratch;
    if (!parseSpanId(fields.spanId, id)) {
      // The value itself is not quoted: it is whatever the file holds there.
      return {
        problem:
          fields.spanId === null
            ? 'the span has no context.span_id'
            : 'context.span_id is not a span id (16 hex digits)',
      };
    }
    if (!Number.isFinite(fields.startUs)) return { problem: 'span has no valid start_time' };
    const row = this.count;
    const existing = this.ids.add(id.hi, id.lo, row);
    if (existing !== row)
      return { problem: `span id ${formatSpanId(id.hi, id.lo)} appears twice; this line is skipped` };
    if (row === this.startUs.length) this.grow();
    this.count++;
    this.idHi[row] = id.hi;
    this.idLo[row] = id.lo;
    this.lineOffset[row] = lineOffset;
    this.lineLength[row] = lineLength;
    this.parent[row] = -1;
    this.fill(row, fields);
    return { row };
  }

  /** Replaces what is known of a span (a live span that has ended). The id and parent stay. */
  update(row: number, fields: SpanLineFields): void {
    this.fill(row, fields);
  }

  /** Gives a stand-in (made while its line was missing) the span's real line. */
  replaceSynthetic(row: number, fields: SpanLineFields, lineOffset: number, lineLength: number): void {
    this.fill(row, fields);
    this.lineOffset[row] = lineOffset;
    this.lineLength[row] = lineLength;
  }

  /** Adds a stand-in for a parent that is referenced but has no line of its own. */
  addSynthetic(hi: number, lo: number, startUs: number, traceId: number, componentPath: number): number {
    const row = this.count;
    if (row === this.startUs.length) this.grow();
    this.ids.add(hi, lo, row);
    this.count++;
    this.version++;
    this.idHi[row] = hi;
    this.idLo[row] = lo;
    this.parentHi[row] = 0;
    this.parentLo[row] = 0;
    this.parent[row] = -1;
    this.startUs[row] = startUs;
    this.endUs[row] = Number.NaN;
    this.traceId[row] = traceId;
    this.name[row] = this.strings.id('(not ended)');
    const pathText = this.strings.text(componentPath);
    this.path[row] = pathText;
    this.componentPath[row] = componentPath;
    this.nodeId[row] = pathText === null ? 0 : this.strings.id(pathText.slice(pathText.lastIndexOf('.') + 1));
    this.nodeType[row] = 0;
    this.service[row] = 0;
    this.status[row] = STATUS_UNSET;
    this.flags[row] = FLAG_SYNTHETIC;
    this.cost[row] = Number.NaN;
    this.tokens[row] = Number.NaN;
    this.lineOffset[row] = -1;
    this.lineLength[row] = 0;
    return row;
  }

  /**
   * Adds a stand-in for the parent of `child`, referenced but without a line of its own. One for a
   * parent missing from an imported file is named so, and ends with its children: it is neither
   * running nor cut off.
   */
  addStandIn(child: number, kind: StandInKind): number {
    const hi = this.parentHi[child] as number;
    const lo = this.parentLo[child] as number;
    const row = this.addSynthetic(
      hi,
      lo,
      this.startUs[child] as number,
      this.traceId[child] as number,
      this.componentPath[child] as number,
    );
    if (kind === 'not-in-file') {
      this.name[row] = this.strings.id(`parent ${formatSpanId(hi, lo)} not in this file`);
      this.flags[row] = FLAG_SYNTHETIC | FLAG_NOT_IN_FILE;
      this.endUs[row] = this.endOrStart(child);
    }
    return row;
  }

  /**
   * Makes every stand-in one for a parent not read yet (in a copy of the columns made while a run
   * is read: its parents may well be in the part not read yet, whatever the run is), open-ended.
   */
  nameStandIns(name: string): void {
    const id = this.strings.id(name);
    for (let row = 0; row < this.count; row++) {
      const flags = this.flags[row] as number;
      if (!(flags & FLAG_SYNTHETIC)) continue;
      this.name[row] = id;
      this.flags[row] = flags & ~FLAG_NOT_IN_FILE;
      this.endUs[row] = Number.NaN;
    }
    this.version++;
  }

  /** Widens a stand-in to the time of one more of its children. */
  coverChild(standIn: number, child: number): void {
    this.version++;
    this.startUs[standIn] = Math.min(this.startUs[standIn] as number, this.startUs[child] as number);
    if ((this.flags[standIn] as number) & FLAG_NOT_IN_FILE)
      this.endUs[standIn] = Math.max(this.endUs[standIn] as number, this.endOrStart(child));
  }

  private endOrStart(row: number): number {
    const end = this.endUs[row] as number;
    return Number.isNaN(end) ? (this.startUs[row] as number) : end;
  }

  /** Hierarchy paths, one per row (restored ones are made into an array when first asked for). */
  get path(): (string | null)[] {
    if (this.packedPaths) {
      this.pathList = runWhole(this.packedPaths.toArraySteps());
      this.packedPaths = null;
    }
    return this.pathList;
  }

  /** The hierarchy path of one row, without making the array of a restored index's paths. */
  pathOf(row: number): string | null {
    return this.packedPaths ? this.packedPaths.at(row) : (this.pathList[row] ?? null);
  }

  /** Marks the rows whose hierarchy path the pattern matches (it must not match the empty string). */
  pathsMatching(pattern: RegExp): Uint8Array {
    if (this.packedPaths) return this.packedPaths.matching(pattern);
    const hits = new Uint8Array(this.count);
    const paths = this.pathList;
    for (let row = 0; row < this.count; row++) {
      const path = paths[row];
      if (path !== null && path !== undefined && pattern.test(path)) hits[row] = 1;
    }
    return hits;
  }

  /** Span id to row. Restored spans not indexed yet are indexed first, in one go. */
  get ids(): SpanIdTable {
    if (this.unindexedFrom < this.unindexedTo) runWhole(this.indexIdsSteps());
    return this.idTable;
  }

  rowOf(spanId: string): number {
    const id = this.scratch;
    if (!parseSpanId(spanId, id)) return -1;
    return this.ids.get(id.hi, id.lo);
  }

  private fill(row: number, fields: SpanLineFields): void {
    const id = this.scratch;
    this.version++;
    if (parseSpanId(fields.parentId, id)) {
      this.parentHi[row] = id.hi;
      this.parentLo[row] = id.lo;
    } else {
      this.parentHi[row] = 0;
      this.parentLo[row] = 0;
    }
    this.startUs[row] = fields.startUs;
    this.endUs[row] = fields.endUs;
    this.traceId[row] = this.internTrace(fields.traceId);
    this.name[row] = this.internName(fields.name ?? '(unnamed)');
    this.nodeId[row] = this.internNodeId(fields.nodeId ?? fields.componentId);
    this.nodeType[row] = this.internNodeType(fields.nodeType ?? fields.componentType);
    this.path[row] = fields.nodeHierarchy ?? fields.componentHierarchy;
    this.componentPath[row] = this.internComponentPath(fields.componentHierarchy);
    this.service[row] = this.internService(fields.serviceName);
    this.status[row] = STATUS_CODES[fields.statusCode];
    this.flags[row] =
      (fields.hasException ? FLAG_EXCEPTION : 0) |
      (fields.nodeId !== null ? FLAG_NODE : 0) |
      (fields.modelCall ? FLAG_MODEL_CALL : 0);
    this.cost[row] = fields.cost;
    this.tokens[row] = fields.tokens;
  }

  /** Gives back the room reserved beyond the rows held (after a file has been read). */
  compact(): void {
    runWhole(this.compactSteps());
  }

  /** `compact()` in steps, for `runInSlices`; nothing may be added until it is done. */
  *compactSteps(): SteppedWork<void> {
    if (worthCompacting(this.startUs.length, this.count))
      yield* resizeColumnSteps(this.columns(), SPAN_COLUMNS, this.count + 16);
    yield* this.ids.compactSteps();
  }

  /** The columns cut to the rows held, for saving: views of the columns, not copies. */
  savedColumns(): Record<SpanColumnName, TypedColumn> {
    const columns = {} as Record<SpanColumnName, TypedColumn>;
    for (const name of SPAN_COLUMNS) columns[name] = this[name].subarray(0, this.count);
    return columns;
  }

  /**
   * Spans as a saved index held them: the columns are taken as they are (each `count` long), the
   * strings keep their ids. The id table is filled by `indexIdsSteps`, or by the first lookup.
   */
  static restored(
    count: number,
    columns: Record<SpanColumnName, TypedColumn>,
    strings: readonly (string | null)[],
    paths: PackedStrings,
  ): SpanColumns {
    const spans = new SpanColumns(0);
    const owner: Record<SpanColumnName, TypedColumn> = spans;
    for (const name of SPAN_COLUMNS) owner[name] = columns[name];
    spans.strings.adopt(strings);
    spans.packedPaths = paths;
    spans.count = count;
    spans.idTable = new SpanIdTable(count);
    spans.unindexedTo = count;
    return spans;
  }

  /**
   * Puts restored spans in the id table, a step of rows at a time: a million take over 100 ms,
   * which the first rows on screen need not wait for (they are found by position, not by id).
   */
  *indexIdsSteps(): SteppedWork<void> {
    while (this.unindexedFrom < this.unindexedTo) {
      const from = this.unindexedFrom;
      const to = Math.min(this.unindexedTo, from + ROWS_PER_ID_STEP);
      const { idTable, idHi, idLo } = this;
      for (let row = from; row < to; row++) idTable.add(idHi[row] as number, idLo[row] as number, row);
      this.unindexedFrom = to;
      yield;
    }
  }

  private grow(): void {
    runWhole(resizeColumnSteps(this.columns(), SPAN_COLUMNS, Math.max(16, this.startUs.length * 2)));
  }

  private columns(): Record<SpanColumnName, TypedColumn> {
    return this;
  }
}

/** Ids added to the table between two places where restoring may pause. */
const ROWS_PER_ID_STEP = 32_768;

export type SpanColumnName = (typeof SPAN_COLUMNS)[number];

export const SPAN_COLUMNS = [
  'startUs',
  'endUs',
  'idHi',
  'idLo',
  'parentHi',
  'parentLo',
  'parent',
  'traceId',
  'name',
  'nodeId',
  'nodeType',
  'componentPath',
  'service',
  'status',
  'flags',
  'cost',
  'tokens',
  'lineOffset',
  'lineLength',
] as const;
