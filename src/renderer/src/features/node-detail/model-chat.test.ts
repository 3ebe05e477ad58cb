import { describe, expect, it } from 'vitest';
import type { SpanDetail } from '../../../../shared/run-data';
import { chatOf, rawInputOutput, UNREAD_ROLE } from './model-chat';

type Recorded = Pick<SpanDetail, 'attributes' | 'events'>;
const withAttributes = (attributes: Record<string, unknown>): Recorded => ({ attributes, events: [] });
const brief = (detail: Recorded) =>
  chatOf(detail).map((message) => ({
    role: message.role,
    text: message.text,
    calls: message.toolCalls.map((call) => `${call.name}(${call.arguments ?? ''})`),
    answers: message.toolCallId,
    output: message.output,
  }));

describe('the chat of a model call', () => {
  it('reads the current GenAI attributes: system instructions, input and output messages with their parts', () => {
    const detail = withAttributes({
      'gen_ai.operation.name': 'chat',
      // JSON text, as SDKs without structured attributes record them.
      'gen_ai.system_instructions': JSON.stringify([
        { type: 'text', content: 'You are a weather assistant.' },
      ]),
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { location: 'Paris' } }],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'rainy, 57°F' }] },
      ]),
      // Structured, as an OTLP kvlist/array value arrives.
      'gen_ai.output.messages': [
        {
          role: 'assistant',
          parts: [{ type: 'text', content: 'It is rainy in Paris.' }],
          finish_reason: 'stop',
        },
      ],
    });
    expect(brief(detail)).toEqual([
      { role: 'system', text: 'You are a weather assistant.', calls: [], answers: null, output: false },
      { role: 'user', text: 'Weather in Paris?', calls: [], answers: null, output: false },
      {
        role: 'assistant',
        text: null,
        calls: ['get_weather({"location":"Paris"})'],
        answers: null,
        output: false,
      },
      { role: 'tool', text: 'rainy, 57°F', calls: [], answers: 'call_1', output: false },
      { role: 'assistant', text: 'It is rainy in Paris.', calls: [], answers: null, output: true },
    ]);
  });

  it('reads the message events of conventions up to 1.36, the choice as the response', () => {
    const event = (name: string, attributes: Record<string, unknown>) => ({
      name,
      timestamp: '2026-01-01T10:00:01.451000Z',
      attributes: { 'gen_ai.system': 'openai', ...attributes },
    });
    const detail: Recorded = {
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' },
      events: [
        event('gen_ai.system.message', { content: 'You are a weather assistant.' }),
        event('gen_ai.user.message', { content: 'Weather in Paris?' }),
        event('gen_ai.assistant.message', {
          tool_calls: JSON.stringify([
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
            },
          ]),
        }),
        event('gen_ai.tool.message', { id: 'call_1', content: 'rainy, 14 °C' }),
        event('gen_ai.choice', {
          index: 0,
          finish_reason: 'stop',
          message: JSON.stringify({ role: 'assistant', content: 'It is rainy in Paris, 14 °C.' }),
        }),
        event('exception', { 'exception.message': 'not a message' }),
      ],
    };
    expect(brief(detail)).toEqual([
      { role: 'system', text: 'You are a weather assistant.', calls: [], answers: null, output: false },
      { role: 'user', text: 'Weather in Paris?', calls: [], answers: null, output: false },
      {
        role: 'assistant',
        text: null,
        calls: ['get_weather({"location": "Paris"})'],
        answers: null,
        output: false,
      },
      { role: 'tool', text: 'rainy, 14 °C', calls: [], answers: 'call_1', output: false },
      { role: 'assistant', text: 'It is rainy in Paris, 14 °C.', calls: [], answers: null, output: true },
    ]);
  });

  it('reads indexed prompt and completion attributes in index order (10 after 9)', () => {
    const prompts: [string, string][] = [];
    for (let i = 0; i <= 10; i++) {
      prompts.push([`gen_ai.prompt.${i}.role`, 'user'], [`gen_ai.prompt.${i}.content`, `question ${i}`]);
    }
    // In the order of an exporter that sorts keys as text: 10 before 2.
    const attributes: Record<string, unknown> = Object.fromEntries(
      prompts.sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    attributes['gen_ai.completion.0.role'] = 'assistant';
    attributes['gen_ai.completion.0.tool_calls.0.name'] = 'search';
    attributes['gen_ai.completion.0.tool_calls.0.arguments'] = '{"q":"x"}';
    const chat = brief(withAttributes(attributes));
    expect(chat.map((message) => message.text)).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `question ${i}`),
      null,
    ]);
    expect(chat.at(-1)).toMatchObject({ role: 'assistant', calls: ['search({"q":"x"})'], output: true });
  });

  it('reads OpenInference messages with their tool calls, and keeps the raw input and output beside', () => {
    const attributes = {
      'openinference.span.kind': 'LLM',
      'input.value': '{"messages": []}',
      'output.value': 'Pack an umbrella for Paris.',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Summarise for a traveller.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Paris: rainy, 14 °C',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Pack an umbrella for Paris.',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'toolu_1',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'add_to_packing_list',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"item": "umbrella"}',
    };
    expect(brief(withAttributes(attributes))).toEqual([
      { role: 'system', text: 'Summarise for a traveller.', calls: [], answers: null, output: false },
      { role: 'user', text: 'Paris: rainy, 14 °C', calls: [], answers: null, output: false },
      {
        role: 'assistant',
        text: 'Pack an umbrella for Paris.',
        calls: ['add_to_packing_list({"item": "umbrella"})'],
        answers: null,
        output: true,
      },
    ]);
    expect(rawInputOutput(attributes)).toEqual({
      input: '{"messages": []}',
      output: 'Pack an umbrella for Paris.',
    });
  });

  it('shows a message list cut short (a long value is sent as its start) as its text, and none for other spans', () => {
    const cut = '[{"role": "user", "parts": [{"type": "text", "content": "a very long';
    expect(brief(withAttributes({ 'gen_ai.input.messages': cut }))).toEqual([
      { role: UNREAD_ROLE, text: cut, calls: [], answers: null, output: false },
    ]);
    expect(chatOf(withAttributes({ 'http.request.method': 'GET' }))).toEqual([]);
  });
});
