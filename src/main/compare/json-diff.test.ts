import { describe, expect, it } from 'vitest';
import { diffJson, jsonEqual } from './json-diff';

describe('the structural JSON diff', () => {
  it('finds nothing between equal values, whatever the key order', () => {
    expect(diffJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toEqual({
      changes: [],
      omitted: 0,
    });
    expect(jsonEqual('x', 'x')).toBe(true);
    expect(jsonEqual({ a: [1] }, { a: [2] })).toBe(false);
  });

  it('names changed, added and removed values by their path', () => {
    const before = {
      response: { text: 'hi', usage: { total: 10 } },
      results: [{ stdout: 'a' }, { stdout: 'b' }],
      gone: true,
    };
    const after = {
      response: { text: 'hello', usage: { total: 10 } },
      results: [{ stdout: 'a' }, { stdout: 'B' }, { stdout: 'c' }],
      new: 1,
    };
    expect(diffJson(before, after).changes).toEqual([
      { path: 'response.text', kind: 'changed', before: 'hi', after: 'hello' },
      { path: 'results[1].stdout', kind: 'changed', before: 'b', after: 'B' },
      { path: 'results[2]', kind: 'added', after: { stdout: 'c' } },
      { path: 'gone', kind: 'removed', before: true },
      { path: 'new', kind: 'added', after: 1 },
    ]);
  });

  it('reports removed array items and a changed type as one change each', () => {
    expect(diffJson([1, 2, 3], [1]).changes).toEqual([
      { path: '[1]', kind: 'removed', before: 2 },
      { path: '[2]', kind: 'removed', before: 3 },
    ]);
    expect(diffJson({ a: [1] }, { a: { 0: 1 } }).changes).toEqual([
      { path: 'a', kind: 'changed', before: [1], after: { 0: 1 } },
    ]);
    expect(diffJson(1, '1').changes).toEqual([{ path: '', kind: 'changed', before: 1, after: '1' }]);
    expect(diffJson(null, { a: 1 }).changes).toEqual([
      { path: '', kind: 'changed', before: null, after: { a: 1 } },
    ]);
  });

  it('quotes keys that are not plain names', () => {
    expect(
      diffJson({ 'odd key': 1, 'x.y': { '0a': 2 } }, { 'odd key': 2, 'x.y': { '0a': 3 } }).changes,
    ).toEqual([
      { path: '["odd key"]', kind: 'changed', before: 1, after: 2 },
      { path: '["x.y"]["0a"]', kind: 'changed', before: 2, after: 3 },
    ]);
  });

  it('keeps a key named __proto__ as a key', () => {
    const before = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const { changes } = diffJson(before, {});
    expect(changes).toEqual([
      { path: '__proto__', kind: 'removed', before: JSON.parse('{"polluted": true}') },
    ]);
    expect(Object.getPrototypeOf(changes[0].before)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('caps the list of changes and counts the rest', () => {
    const before = Array.from({ length: 250 }, (_, index) => index);
    const after = before.map((value) => value + 1);
    const { changes, omitted } = diffJson(before, after, { maxChanges: 200 });
    expect(changes).toHaveLength(200);
    expect(omitted).toBe(50);
    expect(changes[199]).toEqual({ path: '[199]', kind: 'changed', before: 199, after: 200 });
  });

  it('cuts long strings in before and after, saying how long they were', () => {
    const long = 'x'.repeat(1000);
    const [change] = diffJson({ text: long }, { text: `${long}!` }, { maxStringLength: 10 }).changes;
    expect(change.before).toBe('xxxxxxxxxx… [cut: 1,000 characters]');
    expect(change.after).toBe('xxxxxxxxxx… [cut: 1,001 characters]');
    const [added] = diffJson(
      {},
      { big: { list: Array.from({ length: 30 }, () => long) } },
      { maxStringLength: 5 },
    ).changes;
    const list = (added.after as { list: string[] }).list;
    expect(list).toHaveLength(21);
    expect(list[0]).toBe('xxxxx… [cut: 1,000 characters]');
    expect(list[20]).toBe('… [10 more items]');
  });

  it('lets the caller decide when two strings count as the same', () => {
    const sameString = (a: string, b: string) => a.replace('run_1', 'RUN') === b.replace('run_2', 'RUN');
    expect(diffJson({ dir: '/w/run_1/x' }, { dir: '/w/run_2/x' }, { sameString }).changes).toEqual([]);
    expect(diffJson({ dir: '/w/run_1/x' }, { dir: '/w/run_2/y' }, { sameString }).changes).toHaveLength(1);
  });

  it('compares very deep values whole past the depth limit', () => {
    const deep = (leaf: number): unknown => {
      let value: unknown = leaf;
      for (let depth = 0; depth < 150; depth += 1) value = { next: value };
      return value;
    };
    expect(diffJson(deep(1), deep(1)).changes).toEqual([]);
    const { changes } = diffJson(deep(1), deep(2));
    expect(changes).toHaveLength(1);
    expect(changes[0].path.split('.')).toHaveLength(100);
  });
});
