import { describe, expect, it } from 'vitest';
import { rowLabel } from './row-label';

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
