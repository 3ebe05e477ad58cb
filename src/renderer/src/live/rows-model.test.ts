import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../../shared/run-data';
import type { SpanRecord } from '../../../shared/run-events';
import type { RowWindow, SpanChange } from './rows-model';
import { applySpanChanges, EMPTY_ROW_WINDOW, indexOfSpan, MAX_WINDOW_ROWS, spanKey } from './rows-model';

const T0 = '2026-01-01T00:00:00';

function row(spanId: string, depth: number, parentId: string | null, extra: Partial<SpanRow> = {}): SpanRow {
  return {
    spanId,
    parentId,
    depth,
    name: `${spanId}.execute`,
    nodeId: spanId,
    nodeType: 'command',
    hierarchyPath: spanId,
    start: 0,
    end: 10,
    status: 'OK',
    hasChildren: false,
    childCount: 0,
    ...extra,
  };
}

function started(spanId: string, parentId: string | null, second = 1): SpanChange {
  return {
    kind: 'started',
    spanId,
    parentId,
    name: 'command.execute',
    startTime: `${T0}.00000${second}Z`,
    attributes: {
      'dad.generic.node_id': `node_${spanId}`,
      'dad.generic.node_hierarchy': `flow.node_${spanId}`,
    },
  };
}

function ended(spanId: string, parentId: string | null, status: 'OK' | 'ERROR' = 'OK'): SpanChange {
  const span = {
    name: 'command.execute',
    context: { trace_id: '0x1', span_id: spanId, trace_state: '[]' },
    parent_id: parentId,
    start_time: `${T0}.000001Z`,
    end_time: `${T0}.250000Z`,
    status: { status_code: status },
  } as unknown as SpanRecord;
  return { kind: 'ended', span };
}

function ids(window: RowWindow): string[] {
  return window.rows.map((r) => r.spanId);
}

/** root ─ a ─ a1 ; root ─ b (complete window of 4 rows). */
function tree(): RowWindow {
  return {
    collapsedKey: '',
    offset: 0,
    total: 4,
    stale: false,
    rows: [
      row('0xroot', 0, null, { hasChildren: true, childCount: 2 }),
      row('0xa', 1, '0xroot', { hasChildren: true, childCount: 1 }),
      row('0xa1', 2, '0xa'),
      row('0xb', 1, '0xroot'),
    ],
  };
}

describe('applySpanChanges', () => {
  it('starts an empty window with the root span, running and open-ended', () => {
    const next = applySpanChanges(EMPTY_ROW_WINDOW, [started('0xroot', null)], new Set());
    expect(next.total).toBe(1);
    expect(next.rows[0]).toMatchObject({
      spanId: '0xroot',
      depth: 0,
      status: 'RUNNING',
      end: null,
      nodeId: 'node_0xroot',
      hierarchyPath: 'flow.node_0xroot',
    });
    expect(next.rows[0]?.start).toBe(Date.UTC(2026, 0, 1) * 1000 + 1);
  });

  it('puts a new child after its parent’s last descendant and counts it on the parent', () => {
    const next = applySpanChanges(tree(), [started('0xa2', '0xa')], new Set());
    expect(ids(next)).toEqual(['0xroot', '0xa', '0xa1', '0xa2', '0xb']);
    expect(next.total).toBe(5);
    expect(next.rows[1]).toMatchObject({ childCount: 2, hasChildren: true });
    expect(next.rows[3]?.depth).toBe(2);
  });

  it('leaves the window it was given unchanged', () => {
    const before = tree();
    const snapshot = ids(before);
    applySpanChanges(before, [started('0xa2', '0xa'), ended('0xa1', '0xa', 'ERROR')], new Set());
    expect(ids(before)).toEqual(snapshot);
    expect(before.rows[2]?.status).toBe('OK');
  });

  it('adds no row under a collapsed parent but marks the parent as having children', () => {
    const next = applySpanChanges(tree(), [started('0xb1', '0xb')], new Set(['0xb']));
    expect(ids(next)).toEqual(['0xroot', '0xa', '0xa1', '0xb']);
    expect(next.total).toBe(4);
    expect(next.rows[3]).toMatchObject({ hasChildren: true, childCount: 1 });
  });

  it('ends a span with its end time and status', () => {
    const withRunning = applySpanChanges(tree(), [started('0xa2', '0xa')], new Set());
    const next = applySpanChanges(withRunning, [ended('0xa2', '0xa', 'ERROR')], new Set());
    expect(next.rows[3]).toMatchObject({ status: 'ERROR', end: Date.UTC(2026, 0, 1) * 1000 + 250_000 });
  });

  it('matches ids with and without the 0x prefix', () => {
    const bare: RowWindow = {
      ...tree(),
      rows: tree().rows.map((r) => ({ ...r, spanId: r.spanId.slice(2) })),
    };
    const next = applySpanChanges(bare, [ended('0xa1', '0xa', 'ERROR')], new Set());
    expect(next.rows[2]?.status).toBe('ERROR');
    expect(indexOfSpan(next, '0xA1')).toBe(2);
    expect(spanKey('0xAB')).toBe('ab');
  });

  it('marks a partial window stale when a span’s parent is outside it', () => {
    const partial: RowWindow = { ...tree(), offset: 100, total: 500 };
    const next = applySpanChanges(partial, [started('0xnew', '0xelsewhere')], new Set());
    expect(next.stale).toBe(true);
    expect(next.rows).toHaveLength(4);
  });

  it('ignores, in a complete window, a span whose parent is hidden by a collapsed ancestor', () => {
    const next = applySpanChanges(tree(), [started('0xdeep', '0xhidden')], new Set(['0xa']));
    expect(next.stale).toBe(false);
    expect(next.total).toBe(4);
  });

  it('counts but does not insert a row that falls after the window’s last row', () => {
    const head: RowWindow = { ...tree(), total: 50 };
    const next = applySpanChanges(head, [started('0xb1', '0xb')], new Set());
    expect(ids(next)).toEqual(['0xroot', '0xa', '0xa1', '0xb']);
    expect(next.total).toBe(51);
  });

  it('appends a new root only when the window reaches the last row', () => {
    expect(ids(applySpanChanges(tree(), [started('0xroot2', null)], new Set()))).toContain('0xroot2');
    const head: RowWindow = { ...tree(), total: 50 };
    const next = applySpanChanges(head, [started('0xroot2', null)], new Set());
    expect(ids(next)).not.toContain('0xroot2');
    expect(next.total).toBe(51);
  });

  it('applies a batch in order: a child started in the same batch as its parent lands under it', () => {
    const next = applySpanChanges(
      EMPTY_ROW_WINDOW,
      [started('0xr', null), started('0xc1', '0xr'), started('0xc2', '0xr'), started('0xg', '0xc1')],
      new Set(),
    );
    expect(ids(next)).toEqual(['0xr', '0xc1', '0xg', '0xc2']);
    expect(next.rows.map((r) => r.depth)).toEqual([0, 1, 2, 1]);
  });

  it('keeps the window bounded however many spans start', () => {
    const changes: SpanChange[] = [started('0xr', null)];
    for (let i = 0; i < MAX_WINDOW_ROWS + 50; i++) changes.push(started(`0x${i.toString(16)}`, '0xr'));
    const next = applySpanChanges(EMPTY_ROW_WINDOW, changes, new Set());
    expect(next.rows).toHaveLength(MAX_WINDOW_ROWS);
    expect(next.total).toBe(MAX_WINDOW_ROWS + 51);
  });
});
