import type { ReplayMoment } from '../../shared/replay-data';
import type { FileProblem, ImportedTraceInfo, NodeFiles } from '../../shared/run-data';
import type { MetricsExportLine } from '../engine/events';
import { normaliseLogAttributes, structuredAttributes } from './attribute-values';
import { microsToIso } from './iso-micros';
import type { LogColumns } from './log-columns';
import { metricSeriesOf } from './metric-series';
import { readNodeFiles } from './node-files';
import { ReaderError } from './reader-error';
import { adjacentMoment, nodeEndTimes } from './replay-moments';
import { FLAG_SYNTHETIC, STATUS_NAMES, type SpanColumns } from './span-columns';
import { formatSpanId } from './span-id';
import { objectOf } from './span-line';
import { rowOf, spanRowsOf, visibleIndexOf, type SpanRowsOptions, type SpanTreeView } from './span-rows';
import { attributesAs, spanLinksOf, spanOriginOf, type AttributeTyping } from './span-detail';
import { modelCallFactsOf } from './genai-usage';
import { spanStatsOf, spanStatsSteps, usageTotalsOf, type SpanStats, type UsageTotals } from './span-stats';
import { buildSpanTree, spanTreeSteps, type SpanTree } from './span-tree';
import { runInSlices } from './work-slices';
import type {
  LogLinesOptions,
  MetricSeriesOptions,
  ReaderLogLine,
  ReaderLogPage,
  ReaderMetricSeries,
  ReaderRunSummary,
  ReaderSpanDetail,
  ReaderSpanRowsPage,
  SearchResult,
  SpansInRange,
  SpansInRangeOptions,
  TimelineSpan,
} from './types';

/** What a run says about itself, beside its spans and logs. */
export interface RunHeader {
  runId: string | null;
  status: ReaderRunSummary['status'];
  live: boolean;
  rootComponentId: string | null;
  previousRunId: string | null;
  startHierarchyPath: string | null;
  error: string | null;
  problems: FileProblem[];
  notes: FileProblem[];
  importedFrom: ImportedTraceInfo | null;
}

/** A log record read back, or why it could not be. */
export type LogRecordRead = { record: Record<string, unknown> } | { error: string } | null;

/** Lines of text matched per read while filtering logs by text. */
const TEXT_SCAN_BATCH = 1024;

interface TextCursor {
  key: string;
  /** The next log row to look at. */
  scanned: number;
  matched: number[];
}

/**
 * The queries of one run over its span and log columns, whatever feeds them: a file index reads
 * details back from the run's files, a live index keeps them in memory. There is one tree, one
 * rows function and one of each query for both.
 */
export abstract class IndexedRun {
  private treeView: { version: number; view: SpanTreeView } | null = null;
  private spanStats: { version: number; stats: SpanStats } | null = null;
  private usageTotals: { version: number; totals: UsageTotals } | null = null;
  private textCursor: TextCursor | null = null;
  /** Text searches run one at a time: they share the cursor and must add matches in order. */
  private textSearches: Promise<unknown> = Promise.resolve();
  /** Whether the run came from another tool's trace does not change: asked once. */
  private typing: Promise<AttributeTyping> | null = null;

  protected constructor(
    protected readonly spans: SpanColumns,
    protected readonly logs: LogColumns,
  ) {}

  /** Status and the rest of the run's own record. */
  protected abstract header(): Promise<RunHeader>;
  /** The span's parsed line (or what is known of a running span); null for stand-ins. */
  protected abstract spanRecord(row: number): Promise<Record<string, unknown> | null>;
  /**
   * The parsed lines of some log rows. With `mustContain` (lower-case, plain ASCII), a row whose
   * raw line does not contain it may be answered with null without being parsed.
   */
  protected abstract logRecords(rows: readonly number[], mustContain?: string): Promise<LogRecordRead[]>;
  /** The last cumulative metrics export, or the last one written by `asOf`. */
  protected abstract metricsExport(asOf?: number): Promise<MetricsExportLine | null>;
  protected abstract metricExportCount(): number;
  protected abstract runDirectory(): string | null;

  /** The tree, rebuilt when spans changed since it was last built. */
  protected view(): SpanTreeView {
    const version = this.spans.version;
    if (!this.treeView || this.treeView.version !== version) {
      this.treeView = { version, view: { spans: this.spans, tree: buildSpanTree(this.spans) } };
    }
    return this.treeView.view;
  }

  /**
   * Builds the tree ahead of the queries that need it, in slices, so that a large run's tree is
   * not built in one go by whichever query comes first.
   */
  protected async prepareView(): Promise<void> {
    const version = this.spans.version;
    if (this.treeView?.version !== version) {
      // Its own parent column: a query may build the tree into the shared one between two slices.
      const parent = new Int32Array(this.spans.count);
      const tree = await runInSlices(spanTreeSteps(this.spans, parent));
      // A query may have built it meanwhile, or spans changed: a tree of other spans is not kept.
      if (this.spans.version === version && this.treeView?.version !== version) {
        this.spans.parent.set(parent);
        this.treeView = { version, view: { spans: this.spans, tree } };
      }
    }
    if (this.spanStats?.version !== version) {
      const stats = await runInSlices(spanStatsSteps(this.spans));
      if (this.spans.version === version) this.spanStats = { version, stats };
    }
  }

  /** Takes a tree and figures saved with these very spans, instead of building them again. */
  protected adoptView(tree: SpanTree, stats: SpanStats): void {
    const version = this.spans.version;
    this.treeView = { version, view: { spans: this.spans, tree } };
    this.spanStats = { version, stats };
  }

  /** The tree and figures of the spans as they are, built if needed (in slices): what is saved. */
  protected async currentView(): Promise<{ tree: SpanTree; stats: SpanStats }> {
    await this.prepareView();
    return { tree: this.view().tree, stats: this.stats() };
  }

  /** Start, end, stand-ins and traces of all spans, counted again when spans changed. */
  private stats(): SpanStats {
    const version = this.spans.version;
    if (this.spanStats?.version !== version) this.spanStats = { version, stats: spanStatsOf(this.spans) };
    return this.spanStats.stats;
  }

  /** Tokens and cost of the spans as they are, added up again when spans changed. */
  private usage(): UsageTotals {
    const version = this.spans.version;
    if (this.usageTotals?.version !== version)
      this.usageTotals = { version, totals: usageTotalsOf(this.spans) };
    return this.usageTotals.totals;
  }

  async summary(): Promise<ReaderRunSummary> {
    const header = await this.header();
    const { spans, tree } = this.view();
    const { startUs, endUs, synthetic, traceIds } = this.stats();
    const { tokens, cost } = this.usage();
    const notes = [...header.notes];
    if (tree.cyclesBroken > 0) {
      notes.push({
        file: '.trace/trace.jsonl',
        line: null,
        message: `${tree.cyclesBroken} span(s) were their own ancestors; each such loop was cut at one span`,
      });
    }
    let rootComponentId = header.rootComponentId;
    if (rootComponentId === null && tree.roots.length > 0) {
      rootComponentId = spans.strings.text(spans.nodeId[tree.roots[0] as number] as number);
    }
    return {
      runId: header.runId ?? '',
      status: header.status,
      live: header.live,
      rootComponentId,
      spanCount: spans.count - synthetic,
      logCount: this.logs.count,
      startUs: Number.isFinite(startUs) ? startUs : null,
      endUs: Number.isFinite(endUs) ? endUs : null,
      previousRunId: header.previousRunId,
      startHierarchyPath: header.startHierarchyPath,
      error: header.error,
      problems: header.problems,
      importedFrom: header.importedFrom,
      tokens,
      cost,
      rootSpanIds: Array.from(tree.roots, (row) =>
        formatSpanId(spans.idHi[row] as number, spans.idLo[row] as number),
      ),
      syntheticSpanCount: synthetic,
      traceIds: traceIds.map((id) => spans.strings.text(id)).filter((id): id is string => id !== null),
      metricExportCount: this.metricExportCount(),
      notes,
    };
  }

  spanRows(options: SpanRowsOptions): ReaderSpanRowsPage {
    return spanRowsOf(this.view(), options);
  }

  /** Where a span is among the visible rows (-1 when hidden under a collapsed span or absent). */
  spanRowIndex(spanId: string, options: { collapsed?: readonly string[]; asOf?: number } = {}): number {
    return visibleIndexOf(this.view(), spanId, options);
  }

  /**
   * Spans overlapping a time window, for drawing, in tree order; the longest `limit` of them when
   * more overlap.
   */
  spansInRange(options: SpansInRangeOptions): SpansInRange {
    const view = this.view();
    const { spans } = view;
    const asOf = options.asOf ?? Number.POSITIVE_INFINITY;
    const horizon = Math.min(asOf, options.to);
    const hits = new Int32Array(spans.count);
    const lengths = new Float64Array(spans.count);
    let hitCount = 0;
    // In tree order, not row order: rows are numbered by how the run was read (a stand-in replaced
    // later keeps its early row), and the same spans must come back, and win ties, the same way.
    const order = view.tree.order;
    for (let position = 0; position < order.length; position++) {
      const row = order[position] as number;
      const start = spans.startUs[row] as number;
      if (start > options.to || start > asOf) continue;
      const endRaw = spans.endUs[row] as number;
      const end = Number.isNaN(endRaw) || endRaw > asOf ? horizon : endRaw;
      if (end < options.from) continue;
      hits[hitCount] = row;
      lengths[hitCount++] = end - start;
    }
    const limit = Math.max(0, Math.floor(options.limit));
    let kept: ArrayLike<number> = hits.subarray(0, hitCount);
    if (hitCount > limit) {
      // Keep the longest: they are what shows when a wide window is drawn.
      const sorted = lengths.slice(0, hitCount).sort();
      const threshold = limit > 0 ? (sorted[hitCount - limit] as number) : Number.POSITIVE_INFINITY;
      let above = 0;
      for (let i = 0; i < hitCount; i++) if ((lengths[i] as number) > threshold) above++;
      let tiesAllowed = limit - above;
      const chosen = new Int32Array(limit);
      let filled = 0;
      for (let i = 0; i < hitCount; i++) {
        const length = lengths[i] as number;
        if (length > threshold || (length === threshold && tiesAllowed-- > 0))
          chosen[filled++] = hits[i] as number;
      }
      kept = chosen.subarray(0, filled);
    }
    const timeline: TimelineSpan[] = Array.from(kept, (row) => {
      const full = rowOf(view, row, options.asOf);
      return {
        spanId: full.spanId,
        parentId: full.parentId,
        depth: full.depth,
        name: full.name,
        nodeId: full.nodeId,
        start: full.start,
        end: full.end,
        status: full.status,
      };
    });
    return { total: hitCount, omitted: hitCount - kept.length, spans: timeline };
  }

  async spanDetail(spanId: string): Promise<ReaderSpanDetail> {
    const view = this.view();
    const { spans } = view;
    const row = spans.rowOf(spanId);
    if (row < 0) throw new ReaderError('not_found', `span ${spanId} is not in this run`);
    const indexed = rowOf(view, row, undefined);
    let record: Record<string, unknown> | null = null;
    let detailError: string | null = null;
    try {
      record = await this.spanRecord(row);
    } catch (error) {
      detailError = `the span's line could not be read back: ${(error as Error).message}`;
    }
    const typing = await this.attributeTyping();
    const statusRecord = objectOf(record?.status);
    const context = objectOf(record?.context);
    const resource = record?.resource;
    const { links: spanLinks, linkCount } = spanLinksOf(record?.links, (id) => spans.rowOf(id) >= 0);
    return {
      spanId: indexed.spanId,
      name: indexed.name,
      parentId: indexed.parentId,
      traceId:
        typeof context.trace_id === 'string'
          ? context.trace_id
          : spans.strings.text(spans.traceId[row] as number),
      kind: typeof record?.kind === 'string' ? record.kind : null,
      nodeId: indexed.nodeId,
      nodeType: indexed.nodeType,
      hierarchyPath: indexed.hierarchyPath,
      attributeTyping: typing,
      attributes: attributesAs(record?.attributes, typing),
      events: Array.isArray(record?.events)
        ? record.events.map((event) => {
            const item = objectOf(event);
            return {
              name: typeof item.name === 'string' ? item.name : '',
              timestamp: typeof item.timestamp === 'string' ? item.timestamp : String(item.timestamp ?? ''),
              attributes: attributesAs(item.attributes, typing),
            };
          })
        : [],
      status: {
        status_code: indexed.end === null ? 'UNSET' : (STATUS_NAMES[spans.status[row] as number] ?? 'UNSET'),
        ...(typeof statusRecord.description === 'string' ? { description: statusRecord.description } : {}),
      },
      start: indexed.start,
      end: indexed.end,
      links: Array.isArray(record?.links) ? record.links : [],
      resource:
        resource !== null && typeof resource === 'object' ? (resource as Record<string, unknown>) : null,
      origin: spanOriginOf(record),
      spanLinks,
      linkCount,
      synthetic: ((spans.flags[row] as number) & FLAG_SYNTHETIC) !== 0,
      // Only where no DAD node says its own usage (its files do).
      modelCall: indexed.nodeId === null ? modelCallFactsOf(objectOf(record?.attributes)) : null,
      detailError,
    };
  }

  /** Values of a run made from another tool's trace are shown as written; a DAD run's are read as DAD means them. */
  private async attributeTyping(): Promise<AttributeTyping> {
    this.typing ??= this.header().then(
      (header) => (header.importedFrom === null ? 'structured' : 'as-written'),
      // The record is read again next time rather than a failed read kept.
      () => {
        this.typing = null;
        return 'structured' as const;
      },
    );
    return this.typing;
  }

  /** Spans whose name, node id or hierarchy path contains the text (case-insensitive), in tree order. */
  searchSpans(text: string, limit: number): SearchResult {
    const needle = text.trim().toLowerCase();
    if (needle === '') return { spanIds: [], total: 0 };
    const { spans, tree } = this.view();
    const strings = spans.strings.values;
    const matches = new Uint8Array(strings.length);
    for (let id = 1; id < strings.length; id++) {
      if ((strings[id] as string).toLowerCase().includes(needle)) matches[id] = 1;
    }
    // Paths are not interned; a case-insensitive pattern tests them without a lower-case copy each.
    const inPath = spans.pathsMatching(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
    const spanIds: string[] = [];
    let total = 0;
    for (let position = 0; position < tree.order.length; position++) {
      const row = tree.order[position] as number;
      if (matches[spans.name[row] as number] || matches[spans.nodeId[row] as number] || inPath[row]) {
        total++;
        if (spanIds.length < limit)
          spanIds.push(formatSpanId(spans.idHi[row] as number, spans.idLo[row] as number));
      }
    }
    return { spanIds, total };
  }

  /**
   * One page of log lines in file order, filtered. Without a text filter the total is exact (the
   * filters run over the columns). With one, lines are read back in order until the page is full:
   * `total` is null until the whole log has been looked at, and `more` says whether lines remain.
   */
  async logLines(options: LogLinesOptions): Promise<ReaderLogPage> {
    const offset = Math.max(0, Math.floor(options.offset));
    const limit = Math.max(0, Math.floor(options.limit));
    const logs = this.logs;
    const minSeverity = options.minSeverity ?? 0;
    const until = options.until;
    const nodeKey = options.nodeId === undefined ? 0 : logs.strings.find(options.nodeId);
    const passes = (row: number): boolean =>
      (logs.severity[row] as number) >= minSeverity &&
      (nodeKey === 0 || logs.nodeId[row] === nodeKey) &&
      (until === undefined || (logs.timestampUs[row] as number) <= until);
    if (nodeKey < 0) return { total: 0, more: false, offset, lines: [] };

    const needle = options.text?.trim().toLowerCase() ?? '';
    if (needle === '') {
      const page: number[] = [];
      let total = 0;
      for (let row = 0; row < logs.count; row++) {
        if (!passes(row)) continue;
        if (total >= offset && page.length < limit) page.push(row);
        total++;
      }
      const lines = await this.logLinesOf(page);
      return { total, more: offset + page.length < total, offset, lines };
    }

    const key = JSON.stringify([minSeverity, options.nodeId ?? null, until ?? null, needle]);
    const search = this.textSearches.then(() => this.matchText(key, needle, passes, offset + limit + 1));
    this.textSearches = search.catch(() => undefined);
    const cursor = await search;
    const page = cursor.matched.slice(offset, offset + limit);
    const exhausted = cursor.scanned >= logs.count;
    const lines = await this.logLinesOf(page);
    return {
      total: exhausted ? cursor.matched.length : null,
      more: cursor.matched.length > offset + page.length || !exhausted,
      offset,
      lines,
    };
  }

  /** Reads lines on from where the last search with the same filters stopped, until `wanted` match. */
  private async matchText(
    key: string,
    needle: string,
    passes: (row: number) => boolean,
    wanted: number,
  ): Promise<TextCursor> {
    const logs = this.logs;
    let cursor = this.textCursor;
    if (!cursor || cursor.key !== key) {
      cursor = { key, scanned: 0, matched: [] };
      this.textCursor = cursor;
    }
    const prefilter = isPlainAscii(needle) ? needle : undefined;
    while (cursor.matched.length < wanted && cursor.scanned < logs.count) {
      const batch: number[] = [];
      while (batch.length < TEXT_SCAN_BATCH && cursor.scanned < logs.count) {
        const row = cursor.scanned++;
        if (passes(row)) batch.push(row);
      }
      const records = await this.logRecords(batch, prefilter);
      for (let i = 0; i < batch.length; i++) {
        const read = records[i];
        if (read && 'record' in read && bodyText(read.record.body).toLowerCase().includes(needle)) {
          cursor.matched.push(batch[i] as number);
        }
      }
    }
    return cursor;
  }

  async metricSeries(options: MetricSeriesOptions = {}): Promise<ReaderMetricSeries> {
    const series = metricSeriesOf(this.spans, this.view().tree.order, options);
    return { ...series, lastExport: await this.metricsExport(options.asOf) };
  }

  /** The run's next (or previous) recorded moment from `fromUs`: what "step" in a replay goes to. */
  adjacentMoment(fromUs: number, direction: 1 | -1): ReplayMoment | null {
    return adjacentMoment(this.spans, this.logs, fromUs, direction);
  }

  /** When each of these nodes (hierarchy paths) ended, µs. */
  nodeEndTimes(paths: readonly string[]): Map<string, number> {
    return nodeEndTimes(this.spans, paths);
  }

  async nodeFiles(hierarchyPath: string): Promise<NodeFiles> {
    const runDir = this.runDirectory();
    if (runDir === null)
      throw new ReaderError('not_found', 'this run has no directory yet (it has not started)');
    return readNodeFiles(runDir, hierarchyPath);
  }

  private async logLinesOf(rows: number[]): Promise<ReaderLogLine[]> {
    const logs = this.logs;
    const reads = await this.logRecords(rows);
    return rows.map((row, i) => {
      const read = reads[i];
      const record = read && 'record' in read ? read.record : {};
      const severityNumber = logs.severity[row] as number;
      const timestampUs = logs.timestampUs[row] as number;
      const spanHi = logs.spanHi[row] as number;
      const spanLo = logs.spanLo[row] as number;
      return {
        index: row,
        timestamp:
          typeof record.timestamp === 'string'
            ? record.timestamp
            : Number.isNaN(timestampUs)
              ? ''
              : microsToIso(timestampUs),
        severityText:
          typeof record.severity_text === 'string' ? record.severity_text : severityName(severityNumber),
        severityNumber,
        nodeId: logs.strings.text(logs.nodeId[row] as number),
        body: read && 'error' in read ? `(${read.error})` : bodyText(record.body),
        traceId: logs.strings.text(logs.traceId[row] as number),
        spanId: spanHi === 0 && spanLo === 0 ? null : formatSpanId(spanHi, spanLo),
        attributes: normaliseLogAttributes(structuredAttributes(record.attributes)),
      };
    });
  }
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  return JSON.stringify(body);
}

/**
 * Text that reads the same in a raw JSON line as in the parsed body, so a line without it can be
 * passed over unparsed: printable ASCII without the characters JSON writers escape or space out.
 */
function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text) && !/["\\/<>&,:{}[\]]/.test(text);
}

function severityName(severity: number): string {
  if (severity >= 21) return 'FATAL';
  if (severity >= 17) return 'ERROR';
  if (severity >= 13) return 'WARN';
  if (severity >= 9) return 'INFO';
  if (severity >= 5) return 'DEBUG';
  return severity > 0 ? 'TRACE' : '';
}
