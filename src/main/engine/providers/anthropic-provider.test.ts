import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';
import { ProviderError } from './provider-error';
import {
  writeAnthropicError,
  writeAnthropicMessage,
  writeAnthropicStream,
} from '../../../../test-support/providers/anthropic-wire';
import {
  startTestServer,
  type TestHandler,
  type TestServer,
} from '../../../../test-support/providers/http-test-server';
import type { ModelRequest } from './types';

const KEY = 'sk-ant-test-SECRET123';
const FAST_RETRY = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 };

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(handler: TestHandler): Promise<TestServer> {
  server = await startTestServer(handler);
  return server;
}

function provider(url: string, timeoutMs?: number) {
  return createAnthropicProvider({
    apiKey: KEY,
    baseUrl: url,
    retry: FAST_RETRY,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

const request: ModelRequest = {
  model: 'claude-haiku-4-5',
  prompt: 'Say hello',
  systemInstructions: ['Be brief.'],
  context: ['Earlier answer'],
  options: { maxTokens: 200, temperature: 0.5 },
};

async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('Anthropic provider', () => {
  it('streams deltas and reports text, usage and cost', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, {
        model: 'claude-haiku-4-5-20251001',
        pieces: ['Hello', ', ', 'world'],
        inputTokens: 2000,
        outputTokens: 100,
      }),
    );
    const deltas: string[] = [];
    const response = await provider(api.url).call(request, {
      signal: new AbortController().signal,
      onDelta: (text) => deltas.push(text),
    });
    expect(deltas).toEqual(['Hello', ', ', 'world']);
    expect(response).toMatchObject({
      model: 'claude-haiku-4-5-20251001',
      provider: 'anthropic',
      text: 'Hello, world',
      finishReason: 'end_turn',
      usage: { promptTokens: 2000, completionTokens: 100, totalTokens: 2100 },
    });
    // claude-haiku-4-5: 1 / 5 USD per 1M tokens
    expect(response.cost).toBeCloseTo((2000 * 1 + 100 * 5) / 1e6, 12);

    const sent = api.requests[0];
    expect(sent?.path).toBe('/v1/messages');
    expect(`${sent?.headers['x-api-key'] ?? ''}${sent?.headers.authorization ?? ''}`).toContain(KEY);
    expect(sent?.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 200,
      system: 'Be brief.',
      messages: [{ role: 'user', content: '<context index="1">\nEarlier answer\n</context>\n\nSay hello' }],
      stream: true,
    });
  });

  it('asks for structured output with a forced tool and parses its streamed JSON', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, {
        model: 'claude-haiku-4-5',
        toolName: 'summary',
        pieces: ['{"title": "T', 'wo", "tags": ', '["a"]}'],
      }),
    );
    const schema = { type: 'object', properties: { title: { type: 'string' }, tags: { type: 'array' } } };
    const deltas: string[] = [];
    const response = await provider(api.url).call(
      { ...request, structuredOutput: { name: 'summary', schema } },
      { signal: new AbortController().signal, onDelta: (text) => deltas.push(text) },
    );
    expect(response.structured).toEqual({ title: 'Two', tags: ['a'] });
    expect(response.text).toBe('{"title": "Two", "tags": ["a"]}');
    expect(deltas.join('')).toBe(response.text);
    expect(response.finishReason).toBe('tool_use');
    expect(api.requests[0]?.body).toMatchObject({
      tools: [{ name: 'summary', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'summary' },
    });
  });

  it('wraps a schema whose root is not an object and unwraps the answer', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicMessage(res, {
        model: 'claude-haiku-4-5',
        toolName: 'structured_output',
        toolInput: { value: ['x', 'y'] },
      }),
    );
    const schema = { type: 'array', items: { type: 'string' } };
    const response = await provider(api.url).call(
      { ...request, stream: false, structuredOutput: { schema } },
      { signal: new AbortController().signal },
    );
    expect(response.structured).toEqual(['x', 'y']);
    expect(response.text).toBe('["x","y"]');
    expect(api.requests[0]?.body).toMatchObject({
      tools: [{ input_schema: { type: 'object', properties: { value: schema }, required: ['value'] } }],
    });
  });

  it('works without streaming', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicMessage(res, {
        model: 'claude-haiku-4-5',
        text: 'Whole answer',
        inputTokens: 3,
        outputTokens: 2,
      }),
    );
    const response = await provider(api.url).call(
      { ...request, model: 'claude-haiku-4-5', stream: false },
      { signal: new AbortController().signal },
    );
    expect(response).toMatchObject({
      text: 'Whole answer',
      finishReason: 'end_turn',
      usage: { totalTokens: 5 },
    });
  });

  it('fails a 401 with a hint naming ANTHROPIC_API_KEY and without the key', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicError(res, 401, 'authentication_error', `invalid x-api-key ${KEY}`),
    );
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.message).toContain('anthropic: HTTP 401 authentication failed: check ANTHROPIC_API_KEY');
    expect(error.message).toContain('invalid x-api-key');
    expect(error.message).not.toContain('SECRET123');
    expect(api.requests).toHaveLength(1);
  });

  it('retries an overloaded 529 and a 429, then succeeds', async () => {
    const api = await serve((_req, res, index) => {
      if (index === 0) return writeAnthropicError(res, 529, 'overloaded_error', 'Overloaded');
      if (index === 1)
        return writeAnthropicError(res, 429, 'rate_limit_error', 'Slow down', { 'retry-after': '0' });
      return writeAnthropicStream(res, { model: 'claude-haiku-4-5', pieces: ['fine'] });
    });
    const response = await provider(api.url).call(request, { signal: new AbortController().signal });
    expect(response.text).toBe('fine');
    expect(api.requests).toHaveLength(3);
  });

  it('gives up on repeated 500s after the configured retries', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicError(res, 500, 'api_error', 'Internal server error'),
    );
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(api.requests).toHaveLength(4);
    expect(error.message).toContain(
      'anthropic: HTTP 500 server error: Internal server error (gave up after 4 attempts)',
    );
  });

  it('fails when the connection is cut mid-stream', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, {
        model: 'claude-haiku-4-5',
        pieces: ['one ', 'two ', 'three'],
        cutAfter: 1,
      }),
    );
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.kind).toBe('stream');
    expect(error.message).toMatch(/^anthropic: the answer stream broke off after 4 characters/);
  });

  it('fails when the stream ends without message_stop', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, { model: 'claude-haiku-4-5', pieces: ['half'], endEarly: true }),
    );
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.message).toBe('anthropic: the answer stream ended before message_stop after 4 characters');
  });

  it('reports an error event inside the stream', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`,
      );
      res.end();
    });
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.kind).toBe('stream');
    expect(error.message).toContain('anthropic: the answer stream reported an error: Overloaded');
  });

  it('stops when the signal aborts mid-stream', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, { model: 'claude-haiku-4-5', pieces: ['a'], stall: true }),
    );
    const controller = new AbortController();
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: controller.signal, onDelta: () => controller.abort() }),
    );
    expect(error.message).toBe('anthropic: the model call was aborted');
  });

  it('times out a stalled stream using the per-call timeout', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, { model: 'claude-haiku-4-5', pieces: ['a'], stall: true }),
    );
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal, timeoutMs: 250 }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('anthropic: the model call timed out after 0.25 s');
  });
});
