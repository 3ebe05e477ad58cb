import { describe, expect, it } from 'vitest';
import type { SpanDetail } from '../../../../shared/run-data';
import { errorsOf, promptOf, resultPart, usageOf } from './node-facts';

function detail(extra: Partial<SpanDetail>): SpanDetail {
  return {
    spanId: '0x1',
    name: 'command.execute',
    attributes: {},
    events: [],
    status: { status_code: 'OK' },
    start: 0,
    end: 1,
    parentId: null,
    traceId: null,
    kind: null,
    attributeTyping: 'as-written',
    origin: null,
    spanLinks: [],
    linkCount: 0,
    ...extra,
  };
}

describe('errorsOf', () => {
  it('reads exception events with their stack', () => {
    const errors = errorsOf(
      detail({
        status: { status_code: 'ERROR', description: 'boom' },
        events: [
          {
            name: 'exception',
            timestamp: '',
            attributes: {
              'exception.type': 'TypeError',
              'exception.message': 'x is undefined',
              'exception.stacktrace': 'at f (a.ts:1)',
            },
          },
        ],
      }),
    );
    expect(errors).toEqual([
      { type: null, message: 'boom', stack: null },
      { type: 'TypeError', message: 'x is undefined', stack: 'at f (a.ts:1)' },
    ]);
  });

  it('does not repeat a status message its exception already says', () => {
    const errors = errorsOf(
      detail({
        status: { status_code: 'ERROR', description: 'ValueError: boom' },
        events: [{ name: 'exception', timestamp: '', attributes: { 'exception.message': 'boom' } }],
      }),
    );
    expect(errors.map((error) => error.message)).toEqual(['boom']);
  });

  it('reads Jaeger error logs and the error tag', () => {
    const logged = errorsOf(
      detail({
        status: { status_code: 'ERROR' },
        attributes: { error: true },
        events: [
          {
            name: 'error',
            timestamp: '',
            attributes: { 'error.kind': 'Timeout', message: 'redis timed out', stack: 'at get' },
          },
        ],
      }),
    );
    expect(logged).toEqual([{ type: 'Timeout', message: 'redis timed out', stack: 'at get' }]);
    expect(errorsOf(detail({ attributes: { error: 'connection refused' } }))[0]?.message).toBe(
      'connection refused',
    );
    expect(errorsOf(detail({ attributes: { error: true } }))[0]?.message).toBe(
      'The span is tagged as an error',
    );
  });

  it('falls back to the error attributes, then the status description', () => {
    expect(errorsOf(detail({ attributes: { 'dad.generic.error_message': 'bad input' } }))[0]?.message).toBe(
      'bad input',
    );
    expect(errorsOf(detail({ status: { status_code: 'ERROR', description: 'failed' } }))[0]?.message).toBe(
      'failed',
    );
    expect(errorsOf(detail({}))).toEqual([]);
  });
});

describe('usageOf', () => {
  it('prefers result.json and fills gaps from the span attributes', () => {
    const usage = usageOf(
      { usage_total_tokens: 300, usage_cost: 0.01 },
      { 'dad.result.token_usage': '{"prompt_tokens": 200, "completion_tokens": 100, "total_tokens": 999}' },
    );
    expect(usage).toEqual({ promptTokens: 200, completionTokens: 100, totalTokens: 300, cost: 0.01 });
  });
});

describe('promptOf and resultPart', () => {
  it('gives prompt and instructions as text', () => {
    expect(promptOf({ prompt: { text: 'Summarise' }, instructions: ['Be brief', 'Be kind'] })).toEqual({
      prompt: 'Summarise',
      instructions: 'Be brief\nBe kind',
    });
    expect(promptOf(null)).toEqual({ prompt: null, instructions: null });
  });

  it('unwraps output data and tells a missing part from a null one', () => {
    expect(resultPart({ output: { data: { n: 1 } } }, 'output')).toEqual({ n: 1 });
    expect(resultPart({ input: null }, 'input')).toBeNull();
    expect(resultPart({}, 'outcome')).toBeUndefined();
  });
});
