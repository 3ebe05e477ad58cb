/**
 * The local deterministic provider: answers without a network or a key, the same way every time,
 * so agents run offline and tests have stable output. It is the default when no key is configured.
 *
 * Rules, in order:
 * 1. Fixtures. When `<projectRoot>/.dhenara/fixtures/model-responses.yaml` exists, its entries
 *    (`{match, response}`, see `loadModelFixtures`) are tried in order against the prompt (after
 *    `{variables}` are filled in, without system instructions or context); the first match answers.
 *    A string response is the text; any other value is a structured answer whose text is its JSON.
 * 2. Structured output asked for, no fixture matched: a value built from the schema
 *    (`exampleForSchema`: strings are their property names, numbers 0, booleans false, arrays one
 *    element, enums their first value), sent as compact JSON.
 * 3. Otherwise a short text that starts with `[local model]`, restates the prompt's first non-empty
 *    line (cut at 200 characters) with the prompt's word and line counts, counts the system
 *    instructions and context texts, and says it came from this provider.
 *
 * Token counts are `ceil(characters / 4)`: the prompt side counts the system message and the user
 * message as sent to a real provider (`composeSystemMessage`, `composeUserMessage`), the completion
 * side the answer. Cost is 0. The model is `local-deterministic`, the provider `local`, the finish
 * reason `stop`. A streamed answer goes to `onDelta` a word at a time.
 */
import { loadModelFixtures } from './fixtures';
import { composeSystemMessage, composeUserMessage } from './messages';
import { ProviderError } from './provider-error';
import { exampleForSchema } from './schema-example';
import { structuredValueOf } from './structured-output';
import { estimatedUsage } from './token-estimate';
import type { ModelProvider, ModelRequest, ModelResponse } from './types';

export const LOCAL_MODEL_NAME = 'local-deterministic';

export interface LocalProviderOptions {
  /** The fixture file to answer from; null or absent for none. */
  fixturesFile?: string | null;
}

export function createLocalProvider(options: LocalProviderOptions = {}): ModelProvider {
  return {
    name: 'local',
    endpointHost: 'local',
    async call(request, call) {
      const aborted = (): ProviderError =>
        new ProviderError('local', 'aborted', 'local: the model call was aborted');
      if (call.signal.aborted) throw aborted();
      const fixtures = options.fixturesFile ? await loadModelFixtures(options.fixturesFile) : null;
      const fixture = fixtures?.find((entry) => entry.matches(request.prompt));
      const text = fixture
        ? typeof fixture.response === 'string'
          ? fixture.response
          : JSON.stringify(fixture.response)
        : request.structuredOutput
          ? JSON.stringify(exampleForSchema(request.structuredOutput.schema))
          : describePrompt(request);
      if (request.stream !== false) {
        for (const piece of text.match(/\s*\S+\s*|\s+/g) ?? []) {
          await new Promise((resolve) => setImmediate(resolve));
          if (call.signal.aborted) throw aborted();
          call.onDelta?.(piece);
        }
      }
      const promptText = [
        composeSystemMessage(request.systemInstructions) ?? '',
        composeUserMessage(request.context, request.prompt),
      ].join('\n');
      const response: ModelResponse = {
        model: LOCAL_MODEL_NAME,
        provider: 'local',
        text,
        structured: request.structuredOutput ? structuredValueOf(text) : null,
        finishReason: 'stop',
        usage: estimatedUsage(promptText, text),
        cost: 0,
      };
      return response;
    },
  };
}

const FIRST_LINE_LIMIT = 200;

/** Rule 3: the answer when nothing else applies. */
export function describePrompt(request: ModelRequest): string {
  const lines = request.prompt.split(/\r?\n/);
  const firstLine = lines.map((line) => line.trim()).find((line) => line !== '') ?? '';
  const shown = firstLine.length > FIRST_LINE_LIMIT ? `${firstLine.slice(0, FIRST_LINE_LIMIT)}…` : firstLine;
  const sentences = [
    `[local model] Your prompt has ${plural(countWords(request.prompt), 'word')} on ${plural(lines.length, 'line')}` +
      (shown ? ` and begins: "${shown}".` : '.'),
  ];
  const instructions = request.systemInstructions.filter((text) => text.trim() !== '');
  const context = request.context.filter((text) => text.trim() !== '');
  if (instructions.length > 0 || context.length > 0) {
    sentences.push(
      `It came with ${plural(instructions.length, 'system instruction')} (${plural(countWords(instructions.join(' ')), 'word')})` +
        ` and ${plural(context.length, 'context text')} (${plural(countWords(context.join(' ')), 'word')}).`,
    );
  }
  sentences.push(
    'This answer was made offline by the local deterministic provider; set OPENAI_API_KEY or ANTHROPIC_API_KEY to call a real model.',
  );
  return sentences.join(' ');
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
