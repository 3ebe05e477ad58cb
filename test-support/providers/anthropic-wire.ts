import type { ServerResponse } from 'node:http';
import { cutConnection, pause, startSse, writeJson } from './http-test-server';

/** Anthropic Messages wire format, written by hand from the public API reference. */
export interface AnthropicStreamScript {
  model: string;
  pieces: string[];
  /** Stream the pieces as `input_json_delta` of a tool_use block (structured output). */
  toolName?: string;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cutAfter?: number;
  /** End the response cleanly without message_stop. */
  endEarly?: boolean;
  stall?: boolean;
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function writeAnthropicStream(
  res: ServerResponse,
  script: AnthropicStreamScript,
): Promise<void> {
  startSse(res);
  res.write(
    event('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_test1',
        type: 'message',
        role: 'assistant',
        model: script.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: script.inputTokens ?? 12, output_tokens: 1 },
      },
    }),
  );
  const block = script.toolName
    ? { type: 'tool_use', id: 'toolu_test1', name: script.toolName, input: {} }
    : { type: 'text', text: '' };
  res.write(event('content_block_start', { type: 'content_block_start', index: 0, content_block: block }));
  res.write(event('ping', { type: 'ping' }));
  for (const [index, piece] of script.pieces.entries()) {
    if (script.cutAfter !== undefined && index === script.cutAfter) {
      await pause();
      cutConnection(res);
      return;
    }
    const delta = script.toolName
      ? { type: 'input_json_delta', partial_json: piece }
      : { type: 'text_delta', text: piece };
    res.write(event('content_block_delta', { type: 'content_block_delta', index: 0, delta }));
  }
  if (script.stall) return;
  res.write(event('content_block_stop', { type: 'content_block_stop', index: 0 }));
  res.write(
    event('message_delta', {
      type: 'message_delta',
      delta: {
        stop_reason: script.stopReason ?? (script.toolName ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
      },
      usage: { output_tokens: script.outputTokens ?? 7 },
    }),
  );
  if (script.endEarly) {
    res.end();
    return;
  }
  res.write(event('message_stop', { type: 'message_stop' }));
  res.end();
}

export function writeAnthropicMessage(
  res: ServerResponse,
  script: {
    model: string;
    text?: string;
    toolInput?: unknown;
    toolName?: string;
    inputTokens?: number;
    outputTokens?: number;
  },
): void {
  const content =
    script.toolInput !== undefined
      ? [
          {
            type: 'tool_use',
            id: 'toolu_test2',
            name: script.toolName ?? 'structured_output',
            input: script.toolInput,
          },
        ]
      : [{ type: 'text', text: script.text ?? '' }];
  writeJson(res, 200, {
    id: 'msg_test2',
    type: 'message',
    role: 'assistant',
    model: script.model,
    content,
    stop_reason: script.toolInput !== undefined ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: script.inputTokens ?? 12, output_tokens: script.outputTokens ?? 7 },
  });
}

export function writeAnthropicError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  writeJson(res, status, { type: 'error', error: { type, message } }, headers);
}
