import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiProvider, isStrictCompatible } from './openai-provider';
import { ProviderError } from './provider-error';
import {
  startTestServer,
  writeJson,
  type TestHandler,
  type TestServer,
} from '../../../../test-support/providers/http-test-server';
import {
  writeOpenAiCompletion,
  writeOpenAiError,
  writeOpenAiStream,
} from '../../../../test-support/providers/openai-wire';
import type { ModelRequest } from './types';

const KEY = 'sk-test-SECRET123';
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

function provider(url: string, extra: { timeoutMs?: number; apiKey?: string | null } = {}) {
  return createOpenAiProvider({
    apiKey: extra.apiKey === undefined ? KEY : extra.apiKey,
    baseUrl: `${url}/v1`,
    retry: FAST_RETRY,
    ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
  });
}

const request: ModelRequest = {
  model: 'gpt-4o-mini',
  prompt: 'Say hello',
  systemInstructions: ['Be brief.', 'Be kind.'],
  context: ['Earlier answer'],
  options: { temperature: 0.2, maxTokens: 100 },
};

async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAI-compatible provider', () => {
  it('streams deltas and reports text, usage and cost', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, {
        model: 'gpt-4o-mini-2024-07-18',
        pieces: ['Hel', 'lo', ' there'],
        usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
      }),
    );
    const deltas: string[] = [];
    const response = await provider(api.url).call(request, {
      signal: new AbortController().signal,
      onDelta: (text) => deltas.push(text),
    });
    expect(deltas).toEqual(['Hel', 'lo', ' there']);
    expect(response).toMatchObject({
      model: 'gpt-4o-mini-2024-07-18',
      provider: 'openai',
      text: 'Hello there',
      structured: null,
      finishReason: 'stop',
      usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 },
    });
    // gpt-4o-mini: 0.15 / 0.60 USD per 1M tokens
    expect(response.cost).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);

    const sent = api.requests[0];
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.\n\nBe kind.' },
        { role: 'user', content: '<context index="1">\nEarlier answer\n</context>\n\nSay hello' },
      ],
    });
  });

  it('reports a model without a known price as cost null, and estimates usage a server did not send', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'llama3.2', pieces: ['abcd', 'efgh'], usage: null }),
    );
    const response = await provider(api.url, { apiKey: null }).call(
      { ...request, model: 'llama3.2', systemInstructions: [], context: [] },
      { signal: new AbortController().signal },
    );
    expect(response.cost).toBeNull();
    expect(response.usageEstimated).toBe(true);
    expect(response.usage.completionTokens).toBe(2); // ceil(8 / 4)
    expect(api.requests[0]?.headers.authorization).toBe('Bearer not-needed');
  });

  it('asks for structured output with response_format json_schema and parses the answer', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'gpt-4o', pieces: ['{"title":', '"Hi","n":', '3}'] }),
    );
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, n: { type: 'integer' } },
      required: ['title', 'n'],
      additionalProperties: false,
    };
    const response = await provider(api.url).call(
      { ...request, structuredOutput: { name: 'my answer', schema } },
      { signal: new AbortController().signal },
    );
    expect(response.structured).toEqual({ title: 'Hi', n: 3 });
    expect(api.requests[0]?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'my_answer', schema, strict: true } },
    });
  });

  it('works without streaming', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiCompletion(res, {
        model: 'gpt-4o',
        text: 'Whole answer',
        usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
      }),
    );
    const deltas: string[] = [];
    const response = await provider(api.url).call(
      { ...request, stream: false },
      { signal: new AbortController().signal, onDelta: (text) => deltas.push(text) },
    );
    expect(response.text).toBe('Whole answer');
    expect(response.usage.totalTokens).toBe(6);
    expect(deltas).toEqual([]);
    expect((api.requests[0]?.body as { stream?: boolean }).stream).toBe(false);
  });

  it('fails a 401 at once with a hint naming OPENAI_API_KEY and without the key, even when the server echoes it', async () => {
    const api = await serve((_req, res) => writeOpenAiError(res, 401, `Incorrect API key provided: ${KEY}.`));
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.message).toContain('openai');
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('authentication failed: check OPENAI_API_KEY');
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain('SECRET123');
    expect(JSON.stringify(error)).not.toContain('SECRET123');
    expect(error.status).toBe(401);
    expect(api.requests).toHaveLength(1);
  });

  it('retries a 429, waiting the retry-after the server asked for, then succeeds', async () => {
    const api = await serve((_req, res, index) =>
      index === 0
        ? writeOpenAiError(res, 429, 'Rate limit reached', { 'retry-after-ms': '250' })
        : writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['ok'] }),
    );
    const started = Date.now();
    const response = await provider(api.url).call(request, { signal: new AbortController().signal });
    expect(response.text).toBe('ok');
    expect(api.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('gives up on repeated 500s after the configured retries', async () => {
    const api = await serve((_req, res) => writeOpenAiError(res, 500, 'The server had an error'));
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(api.requests).toHaveLength(4);
    expect(error.message).toContain('openai: HTTP 500 server error: The server had an error');
    expect(error.message).toContain('gave up after 4 attempts');
    expect(error.attempts).toBe(4);
  });

  it('does not retry a 400', async () => {
    const api = await serve((_req, res) => writeOpenAiError(res, 400, "Unsupported parameter: 'max_tokens'"));
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(api.requests).toHaveLength(1);
    expect(error.message).toContain("HTTP 400 the request was refused: Unsupported parameter: 'max_tokens'");
  });

  it('keeps a non-JSON error body as the message', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('model "nope" not found');
    });
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.message).toContain('HTTP 404 not found: check the model name and the base URL');
    expect(error.message).toContain('model "nope" not found');
  });

  it('fails when the connection is cut mid-stream, after the deltas already sent', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['one ', 'two ', 'three'], cutAfter: 2 }),
    );
    const deltas: string[] = [];
    const error = await expectProviderError(
      provider(api.url).call(request, {
        signal: new AbortController().signal,
        onDelta: (text) => deltas.push(text),
      }),
    );
    expect(error.kind).toBe('stream');
    expect(error.message).toMatch(/^openai: the answer stream broke off after 8 characters/);
    expect(deltas).toEqual(['one ', 'two ']);
    expect(api.requests).toHaveLength(1);
  });

  it('fails when the stream ends without a finish reason', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['half'], endEarly: true }),
    );
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.kind).toBe('stream');
    expect(error.message).toContain('openai: the answer stream ended before the model finished');
  });

  it('stops when the signal aborts mid-stream', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['first'], stall: true }),
    );
    const controller = new AbortController();
    const started = Date.now();
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: controller.signal, onDelta: () => controller.abort() }),
    );
    expect(error.kind).toBe('aborted');
    expect(error.message).toBe('openai: the model call was aborted');
    // A hang guard, not a speed target: unaborted, the stalled stream waits for the 300 s timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('times out a stalled stream', async () => {
    const api = await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['first'], stall: true }),
    );
    const error = await expectProviderError(
      provider(api.url, { timeoutMs: 300 }).call(request, { signal: new AbortController().signal }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('openai: the model call timed out after 0.3 s');
  });

  it('times out a server that never answers', async () => {
    const api = await serve(() => undefined);
    const error = await expectProviderError(
      provider(api.url).call(request, { signal: new AbortController().signal, timeoutMs: 300 }),
    );
    expect(error.message).toBe('openai: the model call timed out after 0.3 s');
  });

  it('retries a refused connection, then names the host', async () => {
    const api = await serve((_req, res) => writeJson(res, 200, {}));
    const url = api.url;
    await api.close();
    server = null;
    const error = await expectProviderError(
      provider(url).call(request, { signal: new AbortController().signal }),
    );
    expect(error.kind).toBe('connection');
    expect(error.message).toContain(`openai: cannot reach ${url.replace('http://', '')}`);
    expect(error.attempts).toBe(4);
  });
});

describe('isStrictCompatible', () => {
  it('accepts only schemas whose objects require every property and forbid others', () => {
    const strict = {
      type: 'object',
      properties: {
        a: { type: 'array', items: { type: 'object', properties: {}, additionalProperties: false } },
      },
      required: ['a'],
      additionalProperties: false,
    };
    expect(isStrictCompatible(strict)).toBe(true);
    expect(isStrictCompatible({ ...strict, required: [] })).toBe(false);
    expect(isStrictCompatible({ ...strict, additionalProperties: true })).toBe(false);
    expect(
      isStrictCompatible({
        ...strict,
        properties: {
          a: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } },
        },
      }),
    ).toBe(false);
  });
});
