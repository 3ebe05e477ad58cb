import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsBase,
  RawMessageStreamEvent,
  Tool,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { runModelCall, SDK_TIMEOUT_SLACK_MS } from './call-deadline';
import { composeSystemMessage, composeUserMessage } from './messages';
import { BUILT_IN_PRICES, costFor, type PriceTable } from './prices';
import { ProviderError } from './provider-error';
import { providerErrorFromSdk, streamBrokeError, type SdkErrorClasses } from './sdk-errors';
import { parseJsonAnswer, schemaNameFor } from './structured-output';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  type ModelCallOptions,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type RetryPolicy,
} from './types';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The Messages API requires `max_tokens`; this is sent when the node sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** Model options the Anthropic provider leaves out of the request. */
export const ANTHROPIC_IGNORED_OPTIONS = ['temperature', 'topP'] as const;

export interface AnthropicProviderOptions {
  apiKey: string;
  baseUrl?: string | null;
  prices?: PriceTable;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

const SDK_ERRORS: SdkErrorClasses = {
  APIError: Anthropic.APIError,
  APIUserAbortError: Anthropic.APIUserAbortError,
  APIConnectionError: Anthropic.APIConnectionError,
  APIConnectionTimeoutError: Anthropic.APIConnectionTimeoutError,
};

/** The property that carries a non-object answer, since a tool's input must be an object. */
const WRAPPED_VALUE_KEY = 'value';

/**
 * The Messages API on the official SDK, streaming by default.
 *
 * Structured output is asked for with one forced tool (`tool_choice: {type: "tool"}`) whose
 * `input_schema` is the requested schema: every Claude model with tool use honours it, unlike the
 * newer `output_config.format`. The tool's JSON input is the answer's text (and is what streams as
 * deltas). A schema whose root is not an object is wrapped as `{value: <schema>}` and unwrapped again.
 * The SDK's own retries and OpenTelemetry spans are off; the key stays inside this closure.
 *
 * `temperature` and `topP` are not sent: the Messages API of this SDK version takes no sampling
 * parameters (see `ANTHROPIC_IGNORED_OPTIONS`).
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  const baseUrl = options.baseUrl || ANTHROPIC_DEFAULT_BASE_URL;
  const host = new URL(baseUrl).host;
  const secret = options.apiKey;
  const prices = options.prices ?? BUILT_IN_PRICES;
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const client = new Anthropic({
    apiKey: secret,
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: 'off',
    openTelemetry: false,
  });

  async function attempt(
    request: ModelRequest,
    call: ModelCallOptions,
    signal: AbortSignal,
    remainingMs: number,
  ) {
    const { params, wrapped } = buildParams(request);
    // The deadline fires first and says "timed out"; the SDK's own timer is only a backstop.
    const requestOptions = { signal, timeout: remainingMs + SDK_TIMEOUT_SLACK_MS };
    if (request.stream === false) {
      const message = await client.messages
        .create({ ...params, stream: false }, requestOptions)
        .catch((error: unknown) => {
          throw providerErrorFromSdk('anthropic', error, SDK_ERRORS, { secret, host });
        });
      let text = '';
      for (const block of message.content) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use' && request.structuredOutput) text += JSON.stringify(block.input);
      }
      const inputTokens =
        (message.usage.input_tokens ?? 0) +
        (message.usage.cache_creation_input_tokens ?? 0) +
        (message.usage.cache_read_input_tokens ?? 0);
      return finish(request, wrapped, {
        model: message.model || request.model,
        text,
        finishReason: message.stop_reason ?? 'unknown',
        promptTokens: inputTokens,
        completionTokens: message.usage.output_tokens ?? 0,
      });
    }

    const stream = await client.messages
      .create({ ...params, stream: true }, requestOptions)
      .catch((error: unknown) => {
        throw providerErrorFromSdk('anthropic', error, SDK_ERRORS, { secret, host });
      });
    let text = '';
    let model = request.model;
    let stopReason: string | null = null;
    let stopped = false;
    let promptTokens = 0;
    let completionTokens = 0;
    try {
      for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
        switch (event.type) {
          case 'message_start': {
            model = event.message.model || model;
            const usage = event.message.usage;
            promptTokens =
              (usage.input_tokens ?? 0) +
              (usage.cache_creation_input_tokens ?? 0) +
              (usage.cache_read_input_tokens ?? 0);
            completionTokens = usage.output_tokens ?? 0;
            break;
          }
          case 'content_block_delta': {
            const delta =
              event.delta.type === 'text_delta'
                ? event.delta.text
                : event.delta.type === 'input_json_delta'
                  ? event.delta.partial_json
                  : '';
            if (delta) {
              text += delta;
              call.onDelta?.(delta);
            }
            break;
          }
          case 'message_delta':
            if (event.delta.stop_reason) stopReason = event.delta.stop_reason;
            if (event.usage.output_tokens !== null && event.usage.output_tokens !== undefined) {
              completionTokens = event.usage.output_tokens;
            }
            if (typeof event.usage.input_tokens === 'number' && event.usage.input_tokens > promptTokens) {
              promptTokens = event.usage.input_tokens;
            }
            break;
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      throw streamBrokeError('anthropic', error, text.length, { secret, sdk: SDK_ERRORS });
    }
    if (signal.aborted)
      throw new ProviderError('anthropic', 'aborted', 'anthropic: the model call was aborted');
    if (!stopped) {
      throw new ProviderError(
        'anthropic',
        'stream',
        `anthropic: the answer stream ended before message_stop after ${text.length} characters`,
      );
    }
    return finish(request, wrapped, {
      model,
      text,
      finishReason: stopReason ?? 'unknown',
      promptTokens,
      completionTokens,
    });
  }

  function finish(
    request: ModelRequest,
    wrapped: boolean,
    result: {
      model: string;
      text: string;
      finishReason: string;
      promptTokens: number;
      completionTokens: number;
    },
  ): ModelResponse {
    let text = result.text;
    let structured: unknown = null;
    if (request.structuredOutput) {
      const parsed = parseJsonAnswer(text);
      if (parsed.ok) {
        structured = parsed.value;
        if (
          wrapped &&
          parsed.value !== null &&
          typeof parsed.value === 'object' &&
          WRAPPED_VALUE_KEY in parsed.value
        ) {
          structured = (parsed.value as Record<string, unknown>)[WRAPPED_VALUE_KEY];
          text = JSON.stringify(structured);
        }
      }
    }
    const usage = {
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      totalTokens: result.promptTokens + result.completionTokens,
    };
    return {
      model: result.model,
      provider: 'anthropic',
      text,
      structured,
      finishReason: result.finishReason,
      usage,
      cost: costFor(prices, result.model, usage) ?? costFor(prices, request.model, usage),
    };
  }

  return {
    name: 'anthropic',
    endpointHost: host,
    call(request, call) {
      const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      return runModelCall('anthropic', { outer: call.signal, timeoutMs, retry }, (signal, remainingMs) =>
        attempt(request, call, signal, remainingMs),
      );
    },
  };
}

function buildParams(request: ModelRequest): { params: MessageCreateParamsBase; wrapped: boolean } {
  const params: MessageCreateParamsBase = {
    model: request.model,
    max_tokens: request.options.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: [{ role: 'user', content: composeUserMessage(request.context, request.prompt) }],
  };
  const system = composeSystemMessage(request.systemInstructions);
  if (system !== null) params.system = system;
  let wrapped = false;
  if (request.structuredOutput) {
    const schema = request.structuredOutput.schema;
    wrapped = schema.type !== 'object';
    const inputSchema: Tool.InputSchema = wrapped
      ? { type: 'object', properties: { [WRAPPED_VALUE_KEY]: schema }, required: [WRAPPED_VALUE_KEY] }
      : { ...schema, type: 'object' };
    const name = schemaNameFor(request.structuredOutput.name);
    params.tools = [
      {
        name,
        description: 'Give the answer as this tool input, matching its schema exactly.',
        input_schema: inputSchema,
      },
    ];
    params.tool_choice = { type: 'tool', name };
  }
  return { params, wrapped };
}
