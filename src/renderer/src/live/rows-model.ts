import type { SpanRow, SpanRowsPage } from '../../../shared/run-data';
import type { SpanRecord } from '../../../shared/run-events';
import { isoToMicros } from './timestamps';

/**
 * The one window of timeline rows the renderer holds: rows `offset … offset + rows.length - 1` of
 * the `total` visible rows (hierarchy order, collapsed subtrees left out). Live span events are
 * applied to it in place of a fetch; what cannot be placed marks it stale so it is fetched again.
 */
export interface RowWindow {
  /** The collapsed set the rows were fetched for (see {@link collapsedKeyOf}). */
  collapsedKey: string;
  offset: number;
  total: number;
  rows: readonly SpanRow[];
  stale: boolean;
}

export const EMPTY_ROW_WINDOW: RowWindow = { collapsedKey: '', offset: 0, total: 0, rows: [], stale: true };

/** The most rows a window keeps after live inserts; beyond it the tail is dropped (and re-fetched on scroll). */
export const MAX_WINDOW_ROWS = 6000;

/** Span ids arrive as `0x…` from events and may come bare from the reader: compare them by this key. */
export function spanKey(id: string): string {
  return (id.startsWith('0x') ? id.slice(2) : id).toLowerCase();
}

export function collapsedKeyOf(collapsed: ReadonlySet<string>): string {
  return [...collapsed].sort().join(',');
}

export function windowFromPage(page: SpanRowsPage, collapsedKey: string, stale = false): RowWindow {
  return { collapsedKey, offset: page.offset, total: page.total, rows: page.rows, stale };
}

export function rowAt(window: RowWindow, index: number): SpanRow | undefined {
  return window.rows[index - window.offset];
}

/** The absolute index of a span in the window, or -1. */
export function indexOfSpan(window: RowWindow, spanId: string): number {
  const key = spanKey(spanId);
  const at = window.rows.findIndex((row) => spanKey(row.spanId) === key);
  return at < 0 ? -1 : window.offset + at;
}

export interface SpanStartedChange {
  kind: 'started';
  spanId: string;
  parentId: string | null;
  name: string;
  startTime: string;
  attributes: Record<string, unknown>;
}

export interface SpanEndedChange {
  kind: 'ended';
  span: SpanRecord;
}

export type SpanChange = SpanStartedChange | SpanEndedChange;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function rowFromStart(change: SpanStartedChange, depth: number): SpanRow {
  const attributes = change.attributes;
  return {
    spanId: change.spanId,
    parentId: change.parentId,
    depth,
    name: change.name,
    nodeId: text(attributes['dad.generic.node_id']) ?? text(attributes['dad.generic.component_id']),
    nodeType: text(attributes['dad.generic.node_type']) ?? text(attributes['dad.generic.component_type']),
    hierarchyPath:
      text(attributes['dad.generic.node_hierarchy']) ?? text(attributes['dad.generic.component_hierarchy']),
    start: isoToMicros(change.startTime) ?? 0,
    end: null,
    status: 'RUNNING',
    hasChildren: false,
    childCount: 0,
  };
}

function endedStatus(record: SpanRecord): SpanRow['status'] {
  const code = record.status.status_code;
  return code === 'ERROR' || code === 'OK' ? code : 'UNSET';
}

/** Mutable working copy of a window while one batch of changes is applied. */
class WindowDraft {
  rows: SpanRow[];
  total: number;
  stale: boolean;
  /** Row objects by span key; positions are looked up with indexOf, which stays right across inserts. */
  private readonly byKey = new Map<string, SpanRow>();

  constructor(
    readonly base: RowWindow,
    private readonly collapsed: ReadonlySet<string>,
  ) {
    this.rows = base.rows.slice();
    this.total = base.total;
    this.stale = base.stale;
    for (const row of this.rows) this.byKey.set(spanKey(row.spanId), row);
  }

  private get complete(): boolean {
    return this.base.offset === 0 && this.rows.length === this.total;
  }

  private find(id: string): number {
    const row = this.byKey.get(spanKey(id));
    return row ? this.rows.indexOf(row) : -1;
  }

  private replace(at: number, row: SpanRow): void {
    this.rows[at] = row;
    this.byKey.set(spanKey(row.spanId), row);
  }

  private insert(at: number, row: SpanRow): void {
    this.rows.splice(at, 0, row);
    this.byKey.set(spanKey(row.spanId), row);
  }

  started(change: SpanStartedChange): void {
    if (this.find(change.spanId) >= 0) return;
    const windowReachesEnd = this.base.offset + this.rows.length >= this.total;
    if (change.parentId === null) {
      this.total++;
      if (windowReachesEnd) this.insert(this.rows.length, rowFromStart(change, 0));
      return;
    }
    const parentAt = this.find(change.parentId);
    if (parentAt < 0) {
      // A complete window without the parent means the parent is itself hidden in a collapsed subtree.
      if (!this.complete) this.stale = true;
      return;
    }
    const parent = this.rows[parentAt] as SpanRow;
    this.replace(parentAt, { ...parent, hasChildren: true, childCount: parent.childCount + 1 });
    if (this.collapsed.has(parent.spanId)) return;
    let at = parentAt + 1;
    while (at < this.rows.length && (this.rows[at] as SpanRow).depth > parent.depth) at++;
    this.total++;
    // Right after the window's last row with more rows beyond it: the new row lies outside the window.
    if (at === this.rows.length && !windowReachesEnd) return;
    this.insert(at, rowFromStart(change, parent.depth + 1));
  }

  ended(change: SpanEndedChange): void {
    const record = change.span;
    const at = this.find(record.context.span_id);
    if (at < 0) {
      if (this.complete) {
        const parentAt = record.parent_id === null ? -1 : this.find(record.parent_id);
        const parent = parentAt >= 0 ? this.rows[parentAt] : undefined;
        const hidden = parent !== undefined && this.collapsed.has(parent.spanId);
        if (!hidden) this.stale = true;
      }
      return;
    }
    const row = this.rows[at] as SpanRow;
    this.replace(at, { ...row, end: isoToMicros(record.end_time) ?? row.end, status: endedStatus(record) });
  }

  result(): RowWindow {
    let rows = this.rows;
    if (rows.length > MAX_WINDOW_ROWS) rows = rows.slice(0, MAX_WINDOW_ROWS);
    return {
      collapsedKey: this.base.collapsedKey,
      offset: this.base.offset,
      total: this.total,
      rows,
      stale: this.stale,
    };
  }
}

/**
 * Applies live span changes, in order, to a window fetched with the `collapsed` set (span ids as the
 * rows carry them). Returns a new
 * window (the old one is left as it was); changes outside the window only move `total` or mark it
 * stale.
 */
export function applySpanChanges(
  window: RowWindow,
  changes: readonly SpanChange[],
  collapsed: ReadonlySet<string>,
): RowWindow {
  if (changes.length === 0) return window;
  const draft = new WindowDraft(window, collapsed);
  for (const change of changes) {
    if (change.kind === 'started') draft.started(change);
    else draft.ended(change);
  }
  return draft.result();
}
