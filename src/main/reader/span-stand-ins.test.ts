import { describe, expect, it } from 'vitest';
import { FLAG_SYNTHETIC, SpanColumns, type StandInKind } from './span-columns';
import { emptySpanFields } from './span-line';
import { spanRowsOf } from './span-rows';
import { spanStatsOf } from './span-stats';
import { buildSpanTree } from './span-tree';

const id = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;

/** Two spans whose parent (0xff) has no line, given a stand-in of the kind asked for. */
function orphansUnder(kind: StandInKind): SpanColumns {
  const spans = new SpanColumns();
  const children = [
    { n: 1, start: 300, end: 700, name: 'charge card' },
    { n: 2, start: 100, end: 200, name: 'send receipt' },
  ].map(({ n, start, end, name }) => {
    const added = spans.add({
      ...emptySpanFields(),
      spanId: id(n),
      parentId: id(0xff),
      traceId: '0xabc',
      name,
      startUs: start,
      endUs: end,
      statusCode: 'OK',
    });
    if ('problem' in added) throw new Error(added.problem);
    return added.row;
  });
  const standIn = spans.addStandIn(children[0] as number, kind);
  spans.coverChild(standIn, children[1] as number);
  return spans;
}

describe('stand-ins for parents without a line', () => {
  it('in an imported run: named as missing from the file, spanning its children, not running', () => {
    const spans = orphansUnder('not-in-file');
    const [placeholder, ...children] = spanRowsOf(
      { spans, tree: buildSpanTree(spans) },
      { offset: 0, limit: 10 },
    ).rows;
    expect(placeholder).toMatchObject({
      spanId: id(0xff),
      name: `parent ${id(0xff)} not in this file`,
      depth: 0,
      start: 100,
      end: 700,
      status: 'UNSET',
      childCount: 2,
      synthetic: true,
    });
    expect(children.map((row) => [row.name, row.depth])).toEqual([
      ['send receipt', 1],
      ['charge card', 1],
    ]);
    // Not a span of the run: summaries count spans less stand-ins.
    expect(spanStatsOf(spans).synthetic).toBe(1);
  });

  it('in a run that stopped: still shown as not ended', () => {
    const spans = orphansUnder('not-ended');
    const [standIn] = spanRowsOf({ spans, tree: buildSpanTree(spans) }, { offset: 0, limit: 1 }).rows;
    expect(standIn).toMatchObject({ name: '(not ended)', start: 100, end: null, status: 'RUNNING' });
    expect((spans.flags[spans.rowOf(id(0xff))] as number) & FLAG_SYNTHETIC).toBe(FLAG_SYNTHETIC);
  });
});
