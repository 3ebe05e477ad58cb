import { describe, expect, it } from 'vitest';
import { SpanColumns } from './span-columns';
import { formatSpanId } from './span-id';
import { emptySpanFields } from './span-line';
import { buildSpanTree, spanTreeSteps, type SpanTree } from './span-tree';
import { runInSlices, WorkSlices } from './work-slices';

const T0 = 1_767_261_600_000_000;

/** A pseudo-random sequence, the same on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A root with `wide` children written in random order with many equal start times (so the id
 * decides), each of the first few with a chain of grandchildren.
 */
function columnsOf(wide: number): SpanColumns {
  const random = sequence(7);
  const spans = new SpanColumns(wide * 2);
  const fields = emptySpanFields();
  const add = (id: number, parent: number | null, startUs: number) => {
    fields.spanId = formatSpanId(0, id);
    fields.parentId = parent === null ? null : formatSpanId(0, parent);
    fields.traceId = '0x1';
    fields.startUs = startUs;
    fields.endUs = startUs + 10;
    if ('problem' in spans.add(fields)) throw new Error(`span ${id} was refused`);
  };
  // Children come before their parent, as in a trace file.
  const ids = Array.from({ length: wide }, (_, i) => i + 2).sort(() => random() - 0.5);
  for (const id of ids) add(id, 1, T0 + Math.floor(random() * (wide / 4)));
  for (let i = 0; i < 50; i++) add(1_000_000 + i, i < 25 ? 2 : 1_000_000 + i - 1, T0 + i);
  add(1, null, T0);
  return spans;
}

/** Each row's id, depth and subtree size, in depth-first order: what the timeline draws. */
function drawn(spans: SpanColumns, tree: SpanTree): string[] {
  return Array.from(tree.order, (row) => `${spans.idLo[row]}@${tree.depth[row]}/${tree.size[row]}`);
}

describe('span tree', () => {
  it('orders a parent of 20,000 children written out of order by start time, then span id', () => {
    const spans = columnsOf(20_000);
    const tree = buildSpanTree(spans);
    const root = tree.roots[0] as number;
    const children = Array.from(tree.children.subarray(tree.childStart[root], tree.childStart[root + 1]));
    const expected = [...children].sort(
      (a, b) =>
        (spans.startUs[a] as number) - (spans.startUs[b] as number) ||
        (spans.idLo[a] as number) - (spans.idLo[b] as number),
    );
    expect(children).toHaveLength(20_000);
    expect(children.map((row) => spans.idLo[row])).toEqual(expected.map((row) => spans.idLo[row]));
    expect(tree.size[root]).toBe(spans.count);
    expect(tree.order.every((row, i) => tree.position[row] === i)).toBe(true);
  });

  it('is the same tree built in slices, and lets other callbacks in while it is built', async () => {
    const spans = columnsOf(200_000);
    const whole = drawn(spans, buildSpanTree(spans));
    let ticks = 0;
    let building = true;
    const tick = () => {
      ticks++;
      if (building) setImmediate(tick);
    };
    setImmediate(tick);
    // Slices of 0 ms: the build pauses at every place it may.
    const sliced = await runInSlices(spanTreeSteps(spans, new Int32Array(spans.count)), new WorkSlices(0));
    building = false;
    expect(drawn(spans, sliced)).toEqual(whole);
    // 200,050 rows, a pause at least every 16,384 rows of each pass.
    expect(ticks).toBeGreaterThan(50);
  });

  it('a whole build by a query between two slices of another build keeps its tree whole', () => {
    const spans = columnsOf(20_000);
    // Two spans that are each other's parent, in the rows a later slice resolves.
    const fields = emptySpanFields();
    for (const [id, parent] of [
      [3_000_000, 3_000_001],
      [3_000_001, 3_000_000],
    ]) {
      fields.spanId = formatSpanId(0, id);
      fields.parentId = formatSpanId(0, parent);
      fields.traceId = '0x1';
      fields.startUs = T0;
      fields.endUs = T0 + 10;
      spans.add(fields);
    }
    const steps = spanTreeSteps(spans, new Int32Array(spans.count));
    steps.next(); // the first slice of parents is resolved; the build pauses
    const queried = buildSpanTree(spans);
    const drawnByQuery = drawn(spans, queried);
    // Between any two slices of the other build, the column the query's tree reads has no loop.
    const loopingRows = () => {
      const looping: number[] = [];
      for (let row = 0; row < spans.count; row++) {
        let hops = 0;
        for (
          let at = spans.parent[row] as number;
          at >= 0 && hops <= spans.count;
          at = spans.parent[at] as number
        )
          hops++;
        if (hops !== queried.depth[row]) looping.push(row);
      }
      return looping;
    };
    let step = steps.next();
    while (!step.done) {
      expect(loopingRows()).toEqual([]);
      step = steps.next();
    }
    expect(drawn(spans, queried)).toEqual(drawnByQuery);
    expect(drawn(spans, step.value)).toEqual(drawnByQuery);
    expect(queried.cyclesBroken).toBe(1);
  });
});
