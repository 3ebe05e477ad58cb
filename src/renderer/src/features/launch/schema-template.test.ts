import { describe, expect, it } from 'vitest';
import { checkInput } from '../run-view/input-schema-check';
import { startingInputText, startingValueFromSchema } from './schema-template';
import { withNodeEntry } from './static-inputs-text';

// The input schemas of the built-in node types, as nodes send them with their requests.
const MODEL_CALL_INPUT = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    prompt_variables: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    model: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
};
const COMMAND_INPUT = {
  type: 'object',
  properties: {
    env_vars: { type: 'object', additionalProperties: { type: 'string' } },
    commands: { minItems: 1, type: 'array', items: { type: 'string', minLength: 1 } },
  },
  additionalProperties: false,
};

describe('startingValueFromSchema', () => {
  it('leaves out what the user need not give, so the start passes the schema', () => {
    for (const schema of [MODEL_CALL_INPUT, COMMAND_INPUT]) {
      const start = startingValueFromSchema(schema);
      expect(start).toEqual({ value: {}, complete: true });
      expect(checkInput(schema, start.value)).toEqual({ ok: true });
    }
  });

  it('fills required fields from defaults, constants and enums, never with an empty text', () => {
    const schema = {
      type: 'object',
      required: ['depth', 'mode', 'kind', 'path', 'flags'],
      properties: {
        path: { type: 'string' },
        depth: { type: 'integer', default: 3 },
        mode: { enum: ['fast', 'slow'] },
        kind: { const: 'create_file' },
        flags: { type: 'object', required: ['dry'], properties: { dry: { type: 'boolean' } } },
        note: { type: 'string', default: 'left out: optional' },
      },
    };
    const start = startingValueFromSchema(schema);
    expect(start.value).toEqual({ depth: 3, mode: 'fast', kind: 'create_file', flags: { dry: false } });
    // The path is the user's to give: the start says so rather than pretending with "".
    expect(start.complete).toBe(false);
    expect(checkInput(schema, start.value)).toEqual({ ok: false, field: 'path', message: 'is required' });
  });

  it('starts a form from {} when the schema gives nothing to start from', () => {
    expect(startingInputText({ type: 'string' })).toBe('{}');
    expect(startingInputText('not a schema')).toBe('{}');
  });
});

describe('checkInput', () => {
  it('names the field that is wrong', () => {
    expect(checkInput(MODEL_CALL_INPUT, { model: '' })).toMatchObject({ ok: false, field: 'model' });
    expect(checkInput(COMMAND_INPUT, { commands: 'echo' })).toMatchObject({ ok: false, field: 'commands' });
    expect(checkInput(COMMAND_INPUT, { commands: ['echo', ''] })).toMatchObject({
      ok: false,
      field: 'commands[1]',
    });
    expect(checkInput(COMMAND_INPUT, { command: ['echo'] })).toEqual({
      ok: false,
      field: 'the input',
      message: 'has no field "command"',
    });
  });
});

describe('withNodeEntry', () => {
  it("adds a node's starting input to the launch form's inputs, once", () => {
    const added = withNodeEntry('{"other": {}}', 'ask', COMMAND_INPUT);
    expect(JSON.parse(added ?? '')).toEqual({ other: {}, ask: {} });
    expect(withNodeEntry(added ?? '', 'ask', COMMAND_INPUT)).toBeNull();
    expect(withNodeEntry('{"other": ', 'ask', COMMAND_INPUT)).toBeNull();
  });
});
