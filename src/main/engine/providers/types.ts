/** The providers a model call can go to. `local` answers offline, deterministically. */
export type ProviderName = 'openai' | 'anthropic' | 'local';

export interface ModelOptions {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}

export interface StructuredOutputRequest {
  /** A name for the schema (OpenAI's `json_schema.name`, Anthropic's tool name). */
  name?: string;
  /** A JSON Schema object the answer must match. */
  schema: Record<string, unknown>;
}

export interface ModelRequest {
  model: string;
  prompt: string;
  systemInstructions: string[];
  /** Texts from earlier nodes, sent before the prompt (see `composeUserMessage`). */
  context: string[];
  options: ModelOptions;
  structuredOutput?: StructuredOutputRequest;
  /** Stream the answer (default true). Deltas go to `onDelta` only when streaming. */
  stream?: boolean;
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ModelResponse {
  model: string;
  provider: ProviderName;
  text: string;
  /** The answer parsed as JSON when structured output was asked for; not yet checked against the schema. */
  structured: unknown | null;
  /** As the provider reported it (`stop`, `length`, `end_turn`, `max_tokens`, `tool_use`, ...). */
  finishReason: string;
  usage: ModelUsage;
  /** True when the server reported no token counts and they were approximated. */
  usageEstimated?: boolean;
  /** USD; null when the model has no known price. */
  cost: number | null;
}

export interface ModelCallOptions {
  signal: AbortSignal;
  onDelta?: (text: string) => void;
  /** Deadline for the whole call, retries included. Overrides the provider's default. */
  timeoutMs?: number;
}

export interface ModelProvider {
  readonly name: ProviderName;
  /** The API host the provider talks to (`api.openai.com`, `127.0.0.1:11434`); `local` for the local provider. */
  readonly endpointHost?: string;
  call(request: ModelRequest, options: ModelCallOptions): Promise<ModelResponse>;
}

/** Retries of 429 and 5xx answers and of failed connections: exponential backoff, capped. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for; the backoff delay is used instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

export const DEFAULT_TIMEOUT_MS = 300_000;
