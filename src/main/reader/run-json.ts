import { readTextInside, RunFileRefusedError } from './run-files';

/**
 * The most read from one JSON file of a run folder (metadata, summary, static inputs, lock, import
 * record, node results): such files hold a few KiB; a larger one is refused rather than loaded.
 */
export const MAX_RUN_JSON_BYTES = 8 << 20;

export type RunJsonRead =
  | { kind: 'ok'; value: unknown }
  | { kind: 'missing' }
  /** `message` names the file and what is wrong, never the file's content. */
  | { kind: 'bad'; message: string; reason: 'refused' | 'unreadable' | 'empty' | 'not_json' };

/**
 * Reads and parses a JSON file below `root` (see run-files.ts for what is refused), never
 * throwing: a missing file is `missing`, anything else that stops it being read is `bad`.
 */
export async function readJsonInside(
  root: string,
  relativePath: string,
  maxBytes = MAX_RUN_JSON_BYTES,
): Promise<RunJsonRead> {
  let text: string | null;
  try {
    text = await readTextInside(root, relativePath, maxBytes);
  } catch (error) {
    if (error instanceof RunFileRefusedError)
      return { kind: 'bad', message: error.message, reason: 'refused' };
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    return { kind: 'bad', message: `${relativePath} could not be read (${code})`, reason: 'unreadable' };
  }
  if (text === null) return { kind: 'missing' };
  if (text.trim() === '') return { kind: 'bad', message: `${relativePath} is empty`, reason: 'empty' };
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      kind: 'bad',
      message: `${relativePath} is not valid JSON${jsonErrorDetail(error, text)}`,
      reason: 'not_json',
    };
  }
}

/** The value when it is a JSON object, else null. */
export function jsonObjectOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

const JSON_ERROR_KINDS: [RegExp, string][] = [
  [/^Unexpected end of JSON input/, 'it ends before its value does'],
  [/^Unexpected token/, 'an unexpected character'],
  [/^Unexpected non-whitespace character after JSON/, 'more text after the value'],
  [/^Expected property name/, 'a property name was expected'],
  [/^Expected ',' or '}'/, "',' or '}' was expected"],
  [/^Expected ',' or ']'/, "',' or ']' was expected"],
  [/^Expected ':'/, "':' was expected"],
  [/^Bad control character/, 'a control character inside a string'],
  [/^Bad (escaped character|Unicode escape)/, 'a bad escape inside a string'],
  [/^Unterminated string/, 'a string that is not closed'],
];

/**
 * What is wrong with JSON text, from `JSON.parse`'s error, as ` (what, line L, column C)`. V8's
 * own message is not passed on: it quotes the text, which may be anything (a secret file's line).
 */
export function jsonErrorDetail(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const kind = JSON_ERROR_KINDS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
  const position = /at position (\d+)/.exec(message);
  const parts: string[] = kind === null ? [] : [kind];
  if (position) {
    const offset = Math.min(Number(position[1]), text.length);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    parts.push(line > 1 ? `line ${line}, column ${column}` : `column ${column}`);
  }
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
