import type { ServerResponse } from 'node:http';
import { cutConnection, pause, startSse, writeJson } from './http-test-server';

/** OpenAI chat-completions wire format, written by hand from the public API reference. */
export interface OpenAiStreamScript {
  model: string;
  pieces: string[];
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  /** Drop the connection after this many pieces. */
  cutAfter?: number;
  /** End the response cleanly without a finish_reason or [DONE]. */
  endEarly?: boolean;
  /** Stop writing after the pieces and keep the connection open. */
  stall?: boolean;
}

export async function writeOpenAiStream(res: ServerResponse, script: OpenAiStreamScript): Promise<void> {
  startSse(res);
  const id = 'chatcmpl-test1';
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1_700_000_000, model: script.model, choices, ...extra })}\n\n`;
  res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
  for (const [index, piece] of script.pieces.entries()) {
    if (script.cutAfter !== undefined && index === script.cutAfter) {
      await pause();
      cutConnection(res);
      return;
    }
    res.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  }
  if (script.stall) return;
  if (script.endEarly) {
    res.end();
    return;
  }
  res.write(chunk([{ index: 0, delta: {}, finish_reason: script.finishReason ?? 'stop' }]));
  if (script.usage !== null) {
    res.write(
      chunk([], { usage: script.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }),
    );
  }
  res.write('data: [DONE]\n\n');
  res.end();
}

export function writeOpenAiCompletion(
  res: ServerResponse,
  script: {
    model: string;
    text: string;
    finishReason?: string;
    usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  },
): void {
  writeJson(res, 200, {
    id: 'chatcmpl-test2',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: script.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: script.text, refusal: null },
        finish_reason: script.finishReason ?? 'stop',
        logprobs: null,
      },
    ],
    usage: script.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
}

export function writeOpenAiError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  writeJson(
    res,
    status,
    { error: { message, type: 'invalid_request_error', param: null, code: null } },
    headers,
  );
}
