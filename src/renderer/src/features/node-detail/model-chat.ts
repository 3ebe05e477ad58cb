import type { SpanDetail } from '../../../../shared/run-data';

/**
 * The conversation of a model call as another tool's trace records it, by the OpenTelemetry GenAI
 * conventions (messages as `gen_ai.input.messages` / `gen_ai.output.messages`, as indexed
 * `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` attributes, or as `gen_ai.*.message` /
 * `gen_ai.choice` events) or OpenInference's (`llm.input_messages.N.message.*`).
 */
export interface ChatMessage {
  role: string;
  /** The message's text parts, joined; null when it has none (a message of tool calls only). */
  text: string | null;
  toolCalls: ToolCall[];
  /** On a tool's answer: the call it answers. */
  toolCallId: string | null;
  /** The model's answer, as opposed to what it was sent. */
  output: boolean;
}

export interface ToolCall {
  id: string | null;
  name: string;
  /** As text: JSON arguments are shown as the model wrote them. */
  arguments: string | null;
}

/** The role of a message list that could not be read as one: shown as the text it is. */
export const UNREAD_ROLE = 'messages (not read)';

/** The messages of the span, what it was sent first; empty when it records none. */
export function chatOf(detail: Pick<SpanDetail, 'attributes' | 'events'>): ChatMessage[] {
  const attributes = detail.attributes;
  const fromAttributes = [
    ...systemInstructions(attributes['gen_ai.system_instructions']),
    ...partMessages(attributes['gen_ai.input.messages'], false),
    ...indexedMessages(attributes, 'gen_ai.prompt.', false),
    ...openInferenceMessages(attributes, 'llm.input_messages.', false),
    ...partMessages(attributes['gen_ai.output.messages'], true),
    ...indexedMessages(attributes, 'gen_ai.completion.', true),
    ...openInferenceMessages(attributes, 'llm.output_messages.', true),
  ];
  return fromAttributes.length > 0 ? fromAttributes : eventMessages(detail.events);
}

/** OpenInference's raw input and output, for a call that records no messages. */
export function rawInputOutput(attributes: Record<string, unknown>): {
  input: string | null;
  output: string | null;
} {
  return { input: textOf(attributes['input.value']), output: textOf(attributes['output.value']) };
}

const ROLE_OF_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** Messages recorded as span events (conventions up to 1.36), their body's fields as attributes. */
function eventMessages(events: SpanDetail['events']): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const event of events) {
    const role = ROLE_OF_EVENT[event.name];
    // Some SDKs put the whole body as JSON in one attribute.
    const body = { ...record(parsed(event.attributes['gen_ai.event.content'])), ...event.attributes };
    if (role !== undefined) {
      messages.push(plainMessage({ ...body, role: textOf(body.role) ?? role }, false));
    } else if (event.name === 'gen_ai.choice') {
      const message = record(parsed(body.message));
      messages.push(plainMessage({ role: 'assistant', ...message }, true));
    } else if (event.name === 'gen_ai.content.prompt' || event.name === 'gen_ai.content.completion') {
      const output = event.name === 'gen_ai.content.completion';
      const list = parsed(body[output ? 'gen_ai.completion' : 'gen_ai.prompt']);
      for (const item of Array.isArray(list) ? list : [])
        messages.push(plainMessage({ role: output ? 'assistant' : 'user', ...record(item) }, output));
    }
  }
  return messages;
}

/** A message in the chat-completion shape: `{role, content, tool_calls: [{id, function: {name, arguments}}], id}`. */
function plainMessage(body: Record<string, unknown>, output: boolean): ChatMessage {
  const role = textOf(body.role) ?? (output ? 'assistant' : 'user');
  const calls = parsed(body.tool_calls);
  return {
    role,
    text: contentText(parsed(body.content)),
    toolCalls: (Array.isArray(calls) ? calls : []).map((call) => {
      const fields = record(call);
      const fn = record(fields.function);
      return {
        id: textOf(fields.id),
        name: textOf(fn.name ?? fields.name) ?? '(unnamed tool)',
        arguments: argumentText(fn.arguments ?? fields.arguments),
      };
    }),
    toolCallId: role === 'tool' ? (textOf(body.tool_call_id) ?? textOf(body.id)) : null,
    output,
  };
}

/** `gen_ai.system_instructions`: a list of parts, given to the model apart from the messages. */
function systemInstructions(value: unknown): ChatMessage[] {
  const parts = parsed(value);
  if (parts === undefined || parts === null) return [];
  const text = Array.isArray(parts) ? partsText(parts) : contentText(parts);
  return text === null ? [] : [{ role: 'system', text, toolCalls: [], toolCallId: null, output: false }];
}

/** `gen_ai.input.messages` / `gen_ai.output.messages`: `[{role, parts: [{type, content | name, arguments | response}]}]`. */
function partMessages(value: unknown, output: boolean): ChatMessage[] {
  const list = parsed(value);
  if (typeof list === 'string' && list.trim() !== '') {
    // Cut short (a long value is sent as its start; the attributes load it whole) or not JSON.
    return [{ role: UNREAD_ROLE, text: list, toolCalls: [], toolCallId: null, output }];
  }
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const message = record(item);
    const parts = Array.isArray(message.parts) ? message.parts.map(record) : [];
    const calls = parts.filter((part) => part.type === 'tool_call');
    const answer = parts.find((part) => part.type === 'tool_call_response');
    const answerText = answer ? argumentText(answer.response ?? answer.result) : null;
    return {
      role: textOf(message.role) ?? (output ? 'assistant' : 'user'),
      text: partsText(parts) ?? answerText,
      toolCalls: calls.map((call) => ({
        id: textOf(call.id),
        name: textOf(call.name) ?? '(unnamed tool)',
        arguments: argumentText(call.arguments),
      })),
      toolCallId: answer ? textOf(answer.id)?.trim() || null : null,
      output,
    };
  });
}

/** `gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`, `gen_ai.completion.0.tool_calls.0.name`… */
function indexedMessages(
  attributes: Record<string, unknown>,
  prefix: string,
  output: boolean,
): ChatMessage[] {
  return grouped(attributes, prefix).map((fields) => {
    const calls = grouped(fields, 'tool_calls.').map((call) => ({
      id: textOf(call.id),
      name: textOf(call.name) ?? '(unnamed tool)',
      arguments: argumentText(call.arguments),
    }));
    const role = textOf(fields.role) ?? (output ? 'assistant' : 'user');
    return {
      role,
      text: contentText(parsed(fields.content)),
      toolCalls: calls,
      toolCallId: role === 'tool' ? textOf(fields.tool_call_id) : null,
      output,
    };
  });
}

/** `llm.input_messages.0.message.role`, `….message.tool_calls.0.tool_call.function.name`… */
function openInferenceMessages(
  attributes: Record<string, unknown>,
  prefix: string,
  output: boolean,
): ChatMessage[] {
  return grouped(attributes, prefix).map((fields) => {
    const role = textOf(fields['message.role']) ?? (output ? 'assistant' : 'user');
    const contents = grouped(fields, 'message.contents.')
      .map((item) => textOf(item['message_content.text']))
      .filter((text): text is string => text !== null);
    const calls = grouped(fields, 'message.tool_calls.').map((call) => ({
      id: textOf(call['tool_call.id']),
      name: textOf(call['tool_call.function.name']) ?? '(unnamed tool)',
      arguments: argumentText(call['tool_call.function.arguments']),
    }));
    return {
      role,
      text: textOf(fields['message.content']) ?? (contents.length > 0 ? contents.join('\n') : null),
      toolCalls: calls,
      toolCallId: textOf(fields['message.tool_call_id']),
      output,
    };
  });
}

/** The keys under `prefix<N>.`, grouped by N in order, with the rest of each key. */
function grouped(attributes: Record<string, unknown>, prefix: string): Record<string, unknown>[] {
  const groups = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(prefix)) continue;
    const match = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length));
    if (!match) continue;
    const index = Number(match[1]);
    let fields = groups.get(index);
    if (!fields) {
      fields = {};
      groups.set(index, fields);
    }
    fields[match[2] as string] = value;
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, fields]) => fields);
}

function partsText(parts: unknown[]): string | null {
  const texts = parts
    .map(record)
    .filter((part) => part.type === 'text' || (part.type === undefined && typeof part.content === 'string'))
    .map((part) => textOf(part.content))
    .filter((text): text is string => text !== null);
  return texts.length > 0 ? texts.join('\n') : null;
}

/** Content as a string, a list of parts (`{type: 'text', text | content}`), or anything else as JSON. */
function contentText(content: unknown): string | null {
  if (content === undefined || content === null) return null;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content
      .map((part) => (typeof part === 'string' ? part : textOf(record(part).text ?? record(part).content)))
      .filter((text): text is string => text !== null);
    if (texts.length > 0) return texts.join('\n');
  }
  return JSON.stringify(content, null, 2);
}

function argumentText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A value that JSON text may hold (an imported trace keeps it as the file wrote it): parsed when it can be. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const first = value.trimStart()[0];
  if (first !== '[' && first !== '{') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    // Cut short (a long value is sent as its start) or not JSON: shown as the text it is.
    return value;
  }
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
