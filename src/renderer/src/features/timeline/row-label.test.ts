import { describe, expect, it } from 'vitest';
import { rowLabel, sameLabel } from './row-label';

describe('a timeline row label', () => {
  it('names a loop pass by its iteration, beside the loop id', () => {
    expect(
      rowLabel({ nodeId: 'sections', name: 'flow.execute', hierarchyPath: 'a.main.sections.iter_2' }),
    ).toEqual({
      name: 'sections',
      part: 'iter_2',
    });
  });

  it('is the node id alone for a node whose path ends with it', () => {
    expect(
      rowLabel({ nodeId: 'draft', name: 'ai_model_call.execute', hierarchyPath: 'a.main.draft' }),
    ).toEqual({
      name: 'draft',
      part: null,
    });
  });

  it('falls back to the span name for spans that are no node, with no part', () => {
    expect(rowLabel({ nodeId: null, name: 'HTTP GET /dispatch', hierarchyPath: null })).toEqual({
      name: 'HTTP GET /dispatch',
      part: null,
    });
  });
});

describe('whether a row fetched again needs its label drawn again', () => {
  const row = {
    spanId: '0xa1',
    depth: 2,
    name: 'command.execute',
    nodeId: 'build',
    nodeType: 'command',
    hierarchyPath: 'a.main.build',
    status: 'OK' as const,
    hasChildren: false,
    childCount: 0,
  };

  it('does not when only what the label leaves out changed', () => {
    expect(sameLabel(row, { ...row, reusedFrom: null })).toBe(true);
    expect(
      sameLabel({ ...row, start: 1, end: 2 } as typeof row, { ...row, start: 5, end: 9 } as typeof row),
    ).toBe(true);
  });

  it('does when anything the label shows changed', () => {
    expect(sameLabel(row, { ...row, status: 'ERROR' })).toBe(false);
    expect(sameLabel(row, { ...row, hasChildren: true, childCount: 3 })).toBe(false);
    expect(sameLabel(row, { ...row, reusedFrom: 'run_1' })).toBe(false);
    expect(sameLabel(row, { ...row, spanId: '0xa2' })).toBe(false);
    expect(sameLabel(row, { ...row, depth: 3 })).toBe(false);
  });
});
