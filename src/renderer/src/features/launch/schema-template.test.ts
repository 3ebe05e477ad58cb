import { describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../../../shared/run-data';
import { exampleFromSchema, staticInputsTemplate } from './schema-template';

describe('exampleFromSchema', () => {
  it('fills an object from its properties, preferring defaults and enums', () => {
    const schema = {
      type: 'object',
      properties: {
        path: { type: 'string' },
        depth: { type: 'integer', default: 3 },
        mode: { enum: ['fast', 'slow'] },
        tags: { type: 'array', items: { type: 'string' } },
        options: { type: 'object', properties: { dry: { type: 'boolean' } } },
        maybe: { anyOf: [{ type: 'null' }, { type: 'number' }] },
      },
    };
    expect(exampleFromSchema(schema)).toEqual({
      path: '',
      depth: 3,
      mode: 'fast',
      tags: [],
      options: { dry: false },
      maybe: 0,
    });
  });

  it('answers null for something that is not a schema', () => {
    expect(exampleFromSchema('nope')).toBeNull();
  });
});

describe('staticInputsTemplate', () => {
  it('has one entry per node that needs input', () => {
    const agent: AgentInfo = {
      id: 'a',
      description: null,
      loadError: null,
      nodes: [
        {
          nodeId: 'analyze',
          nodeType: 'folder_analyzer',
          hierarchyPath: 'a.analyze',
          inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
          inputRequired: true,
        },
        {
          nodeId: 'other',
          nodeType: 'command',
          hierarchyPath: 'a.other',
          inputSchema: {},
          inputRequired: false,
        },
      ],
    };
    expect(staticInputsTemplate(agent)).toEqual({ analyze: { path: '' } });
  });
});
