import type { NodeFileContent, NodeFiles, SpanDetail } from '../../../../shared/run-data';

export interface NodeError {
  type: string | null;
  message: string;
  stack: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** An OpenTelemetry `exception` event, or a Jaeger error log (`event: error` with `error.*`, `message`, `stack`). */
function eventError(event: SpanDetail['events'][number]): NodeError | null {
  const attributes = event.attributes;
  if (event.name === 'exception') {
    return {
      type: text(attributes['exception.type']),
      message: text(attributes['exception.message']) ?? '(no message)',
      stack: text(attributes['exception.stacktrace']),
    };
  }
  if (event.name === 'error') {
    return {
      type: text(attributes['error.kind']),
      message: text(attributes.message) ?? text(attributes['error.object']) ?? '(no message)',
      stack: text(attributes.stack),
    };
  }
  return null;
}

/**
 * The errors a span records: its status message, its `exception` (or Jaeger error) events, else
 * DAD's error attributes, else what its status or Jaeger's `error` tag says.
 */
export function errorsOf(detail: SpanDetail): NodeError[] {
  const errors: NodeError[] = [];
  for (const event of detail.events) {
    const error = eventError(event);
    if (error) errors.push(error);
  }
  const failed = detail.status.status_code === 'ERROR';
  const statusMessage = failed ? text(detail.status.description) : null;
  // The status message leads when the events do not already say it.
  const saysSame = (error: NodeError) =>
    statusMessage !== null &&
    (statusMessage.includes(error.message) || error.message.includes(statusMessage));
  if (statusMessage && !errors.some(saysSame)) {
    errors.unshift({ type: null, message: statusMessage, stack: null });
  }
  if (errors.length > 0) return errors;
  const message = text(detail.attributes['dad.generic.error_message']);
  if (message) return [{ type: text(detail.attributes['dad.generic.error_type']), message, stack: null }];
  const errorTag = detail.attributes.error;
  // Jaeger's `error` tag is usually `true`; some clients put the message there instead.
  const tagMessage = typeof errorTag === 'string' && errorTag !== 'true' ? text(errorTag) : null;
  if (tagMessage) return [{ type: null, message: tagMessage, stack: null }];
  if (failed || errorTag === true || errorTag === 'true') {
    return [
      {
        type: null,
        message: failed ? 'The span ended with an error' : 'The span is tagged as an error',
        stack: null,
      },
    ];
  }
  return [];
}

export function fileOf(files: NodeFiles | null, name: NodeFileContent['name']): NodeFileContent | null {
  return files?.files.find((file) => file.name === name) ?? null;
}

export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  cost: number | null;
}

/** Tokens and cost from the node's result.json, else from its span's attributes. */
export function usageOf(result: unknown, attributes: Record<string, unknown> | null): Usage {
  const fromResult = record(result);
  const usage: Usage = {
    promptTokens: numberOf(fromResult?.usage_prompt_tokens),
    completionTokens: numberOf(fromResult?.usage_completion_tokens),
    totalTokens: numberOf(fromResult?.usage_total_tokens),
    cost: numberOf(fromResult?.usage_cost),
  };
  if (attributes) {
    usage.cost ??= numberOf(attributes['dad.node_internal.cost']);
    let tokens = attributes['dad.result.token_usage'];
    if (typeof tokens === 'string') {
      try {
        tokens = JSON.parse(tokens) as unknown;
      } catch {
        tokens = null;
      }
    }
    const tokenRecord = record(tokens);
    if (tokenRecord) {
      usage.promptTokens ??= numberOf(tokenRecord.prompt_tokens);
      usage.completionTokens ??= numberOf(tokenRecord.completion_tokens);
      usage.totalTokens ??= numberOf(tokenRecord.total_tokens);
    }
  }
  return usage;
}

export function hasUsage(usage: Usage): boolean {
  return Object.values(usage).some((value) => value !== null);
}

/** What a model call was sent, from state.json: the prompt and the system instructions as text. */
export function promptOf(state: unknown): { prompt: string | null; instructions: string | null } {
  const value = record(state);
  if (!value) return { prompt: null, instructions: null };
  const asText = (part: unknown): string | null => {
    if (part === null || part === undefined) return null;
    if (typeof part === 'string') return part;
    if (Array.isArray(part)) return part.map((item) => asText(item) ?? '').join('\n');
    const fields = record(part);
    const inner = fields?.text ?? fields?.content ?? fields?.prompt;
    if (typeof inner === 'string') return inner;
    return JSON.stringify(part, null, 2);
  };
  return { prompt: asText(value.prompt), instructions: asText(value.instructions) };
}

/** The part of result.json a section shows: `input`, `output` (its `data` when wrapped) or `outcome`. */
export function resultPart(result: unknown, part: 'input' | 'output' | 'outcome'): unknown {
  const value = record(result);
  if (!value || !(part in value)) return undefined;
  const content = value[part];
  if (part === 'output') {
    const wrapped = record(content);
    if (wrapped && 'data' in wrapped && Object.keys(wrapped).length === 1) return wrapped.data;
  }
  return content;
}
