import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../../../shared/run-data';
import { withoutServices, withServicesOf } from './service-filter';

function row(spanId: string, serviceName: string | null): SpanRow {
  return {
    spanId,
    parentId: null,
    depth: 0,
    name: spanId,
    nodeId: null,
    nodeType: null,
    hierarchyPath: null,
    serviceName,
    start: 0,
    end: 1,
    status: 'OK',
    hasChildren: false,
    childCount: 0,
  };
}

const rows = [row('a', 'web'), row('b', 'db'), row('c', null), row('d', 'db')];

describe('service filter', () => {
  it('lists the services met, sorted, and keeps the same list when none is new', () => {
    const known = withServicesOf([], rows);
    expect(known).toEqual(['db', 'web']);
    expect(withServicesOf(known, rows)).toBe(known);
  });

  it("hides a service's rows from a window holding the whole run, and counts them", () => {
    const window = { collapsedKey: '', offset: 0, total: 4, rows, stale: false };
    const filtered = withoutServices(window, new Set(['db']));
    expect(filtered.window.rows.map((shown) => shown.spanId)).toEqual(['a', 'c']);
    expect(filtered).toMatchObject({ hiddenCount: 2, complete: true, window: { total: 2 } });
  });

  it('leaves a window that holds only part of the run as it is', () => {
    const window = { collapsedKey: '', offset: 10, total: 40, rows, stale: false };
    expect(withoutServices(window, new Set(['db']))).toEqual({ window, hiddenCount: 0, complete: false });
  });
});
