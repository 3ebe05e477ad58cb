import { describe, expect, it } from 'vitest';
import { SpanColumns } from './span-columns';
import { emptySpanFields, type SpanLineFields } from './span-line';
import { spanRowsOf, visibleIndexOf, type SpanTreeView } from './span-rows';
import { buildSpanTree } from './span-tree';

const id = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;

function span(
  n: number,
  parent: number | null,
  start: number,
  end: number | null,
  name: string,
): SpanLineFields {
  return {
    ...emptySpanFields(),
    name,
    spanId: id(n),
    parentId: parent === null ? null : id(parent),
    traceId: '0xabc',
    startUs: start,
    endUs: end ?? Number.NaN,
    statusCode: end === null ? 'UNSET' : 'OK',
  };
}

function viewOf(spans: SpanLineFields[]): SpanTreeView {
  const columns = new SpanColumns(4);
  for (const fields of spans) {
    const added = columns.add(fields);
    if ('problem' in added) throw new Error(added.problem);
  }
  return { spans: columns, tree: buildSpanTree(columns) };
}

// root ─┬─ a ─┬─ a1
//       │     └─ a2
//       └─ b ─── b1        (written children first, as spans end)
const sample = () =>
  viewOf([
    span(4, 2, 11, 20, 'a1'),
    span(5, 2, 21, 49, 'a2'),
    span(2, 1, 10, 50, 'a'),
    span(6, 3, 61, 70, 'b1'),
    span(3, 1, 60, 90, 'b'),
    span(1, null, 0, 100, 'root'),
  ]);

const names = (page: { rows: { name: string }[] }) => page.rows.map((row) => row.name);

describe('spanRowsOf', () => {
  it('lists spans depth first, children by start time, with depth and child counts', () => {
    const page = spanRowsOf(sample(), { offset: 0, limit: 100 });
    expect(page.total).toBe(6);
    expect(names(page)).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b1']);
    expect(page.rows.map((row) => row.depth)).toEqual([0, 1, 2, 2, 1, 2]);
    expect(page.rows[0]).toMatchObject({ spanId: id(1), parentId: null, childCount: 2, hasChildren: true });
    expect(page.rows[2]).toMatchObject({ spanId: id(4), parentId: id(2), childCount: 0, hasChildren: false });
    expect(page.rows[1]).toMatchObject({ start: 10, end: 50, status: 'OK' });
  });

  it('hides collapsed subtrees but keeps the collapsed span, and pages over what is visible', () => {
    const view = sample();
    const collapsedA = spanRowsOf(view, { collapsed: [id(2)], offset: 0, limit: 100 });
    expect(collapsedA.total).toBe(4);
    expect(names(collapsedA)).toEqual(['root', 'a', 'b', 'b1']);
    expect(names(spanRowsOf(view, { collapsed: [id(2)], offset: 1, limit: 2 }))).toEqual(['a', 'b']);
    expect(names(spanRowsOf(view, { collapsed: [id(2)], offset: 3, limit: 10 }))).toEqual(['b1']);
    expect(spanRowsOf(view, { collapsed: [id(2)], offset: 9, limit: 10 }).rows).toEqual([]);
    // A collapsed span inside a collapsed span changes nothing more; unknown ids are ignored.
    const nested = spanRowsOf(view, {
      collapsed: [id(4), id(1), id(2), '0xffff', 'not an id'],
      offset: 0,
      limit: 9,
    });
    expect(nested.total).toBe(1);
    expect(names(nested)).toEqual(['root']);
    expect(names(spanRowsOf(view, { collapsed: [id(2), id(3)], offset: 0, limit: 9 }))).toEqual([
      'root',
      'a',
      'b',
    ]);
  });

  it('as of a time: later spans are absent and spans still going are running', () => {
    const view = sample();
    const page = spanRowsOf(view, { offset: 0, limit: 100, asOf: 55 });
    expect(names(page)).toEqual(['root', 'a', 'a1', 'a2']);
    expect(page.total).toBe(4);
    expect(page.rows[0]).toMatchObject({ end: null, status: 'RUNNING', childCount: 1 });
    expect(page.rows[1]).toMatchObject({ end: 50, status: 'OK' });
    const early = spanRowsOf(view, { offset: 0, limit: 100, asOf: 15, collapsed: [] });
    expect(names(early)).toEqual(['root', 'a', 'a1']);
    expect(early.rows[2]).toMatchObject({ end: null, status: 'RUNNING' });
    expect(spanRowsOf(view, { offset: 1, limit: 1, asOf: 65, collapsed: [id(2)] }).rows[0]?.name).toBe('a');
    expect(spanRowsOf(view, { offset: 0, limit: 9, asOf: 65, collapsed: [id(2)] }).total).toBe(4);
    expect(spanRowsOf(view, { offset: 0, limit: 9, asOf: -1 }).total).toBe(0);
  });

  it('finds where a span is among the visible rows', () => {
    const view = sample();
    expect(visibleIndexOf(view, id(6), {})).toBe(5);
    expect(visibleIndexOf(view, id(6), { collapsed: [id(2)] })).toBe(3);
    expect(visibleIndexOf(view, id(4), { collapsed: [id(2)] })).toBe(-1);
    expect(visibleIndexOf(view, id(3), { asOf: 65, collapsed: [id(2)] })).toBe(2);
    expect(visibleIndexOf(view, id(6), { asOf: 55 })).toBe(-1);
    expect(visibleIndexOf(view, '0x77', {})).toBe(-1);
  });

  it('orders children that start together by span id, makes orphans roots and cuts parent loops', () => {
    const view = viewOf([
      span(9, 1, 5, 6, 'second'),
      span(8, 1, 5, 6, 'first'),
      span(1, null, 0, 10, 'root'),
      span(20, 77, 3, 4, 'orphan'),
      span(30, 31, 1, 2, 'loop_a'),
      span(31, 30, 1, 2, 'loop_b'),
    ]);
    const page = spanRowsOf(view, { offset: 0, limit: 100 });
    expect(view.tree.cyclesBroken).toBe(1);
    expect(page.total).toBe(6);
    expect(names(page).slice(0, 3)).toEqual(['root', 'first', 'second']);
    expect(page.rows.find((row) => row.name === 'orphan')).toMatchObject({ depth: 0, parentId: id(77) });
    const loop = page.rows.filter((row) => row.name.startsWith('loop'));
    expect(loop.map((row) => row.depth).sort()).toEqual([0, 1]);
  });

  it('refuses spans without an id or a start, and a second span with the same id', () => {
    const columns = new SpanColumns();
    expect(columns.add({ ...span(1, null, 0, 1, 'x'), spanId: 'zz' })).toMatchObject({
      problem: expect.stringContaining('span_id'),
    });
    expect(columns.add({ ...span(1, null, 0, 1, 'x'), startUs: Number.NaN })).toMatchObject({
      problem: expect.stringContaining('start_time'),
    });
    expect(columns.add(span(1, null, 0, 1, 'x'))).toEqual({ row: 0 });
    expect(columns.add(span(1, null, 0, 1, 'x'))).toMatchObject({
      problem: expect.stringContaining('twice'),
    });
  });

  it('pages a large tree without walking it and agrees with a plain walk', () => {
    const spans: SpanLineFields[] = [span(1, null, 0, 1e9, 'root')];
    let next = 2;
    for (let flow = 0; flow < 20; flow++) {
      const flowId = next++;
      spans.push(span(flowId, 1, flow * 1000, flow * 1000 + 999, `flow_${flow}`));
      for (let node = 0; node < 500; node++)
        spans.push(span(next++, flowId, flow * 1000 + node, flow * 1000 + node + 1, 'node'));
    }
    const view = viewOf(spans.reverse());
    const collapsed = [id(2), id(2 + 501 * 7), id(2 + 501 * 19)];
    const page = spanRowsOf(view, { collapsed, offset: 3000, limit: 50 });
    const walked = spanRowsOf(view, { collapsed, offset: 3000, limit: 50, asOf: Number.MAX_VALUE });
    expect(page.total).toBe(1 + 20 * 501 - 3 * 500);
    expect(page.rows).toEqual(walked.rows);
    expect(page.total).toBe(walked.total);
  });
});

describe('span ids', () => {
  it('round-trip through their two halves, with or without 0x, and survive table growth and shrinking', async () => {
    const { formatSpanId, parseSpanId, SpanIdTable } = await import('./span-id');
    const parts = { hi: 0, lo: 0 };
    expect(parseSpanId('0xFEDCBA9876543210', parts)).toBe(true);
    expect(formatSpanId(parts.hi, parts.lo)).toBe('0xfedcba9876543210');
    expect(parseSpanId('abc', parts) && formatSpanId(parts.hi, parts.lo)).toBe('0x0000000000000abc');
    for (const bad of ['', '0x', '0x0000000000000000', '0x12345678901234567', 'xyz', null]) {
      expect(parseSpanId(bad, parts), String(bad)).toBe(false);
    }
    const table = new SpanIdTable(100_000);
    for (let i = 1; i <= 3000; i++) table.add(i * 7919, i, i - 1);
    table.compact();
    for (let i = 1; i <= 3000; i++) expect(table.get(i * 7919, i)).toBe(i - 1);
    expect(table.get(1, 1)).toBe(-1);
    expect(table.add(7919, 1, 99)).toBe(0);
  });
});

describe('rows of nodes a continuation reused', () => {
  it('say the run they were loaded from, in pages and as of a moment; the others say nothing', () => {
    const view = sample();
    const a1 = view.spans.rowOf(id(4));
    const reusedView: SpanTreeView = { ...view, reused: { fromRunId: 'run_original', rows: new Set([a1]) } };
    const marks = (page: { rows: { name: string; reusedFrom?: string | null }[] }) =>
      page.rows.map((row) => [row.name, row.reusedFrom ?? null]);
    expect(marks(spanRowsOf(reusedView, { offset: 0, limit: 100 }))).toEqual([
      ['root', null],
      ['a', null],
      ['a1', 'run_original'],
      ['a2', null],
      ['b', null],
      ['b1', null],
    ]);
    expect(marks(spanRowsOf(reusedView, { offset: 2, limit: 1, asOf: 30 }))).toEqual([
      ['a1', 'run_original'],
    ]);
    expect(spanRowsOf(view, { offset: 2, limit: 1 }).rows[0]).not.toHaveProperty('reusedFrom');
  });
});
