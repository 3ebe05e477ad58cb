import { findJsonSyntaxError } from './json-syntax';

/** The outcome of reading a JSON text the user typed, with where it went wrong. */
export type JsonInputResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number };

/** 1-based line and column of a character offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const upTo = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = upTo.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

export function parseJsonInput(text: string): JsonInputResult {
  if (text.trim() === '') {
    const { line, column } = lineColumnAt(text, text.length);
    return { ok: false, message: 'Empty input: expected a JSON value', line, column };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const found = findJsonSyntaxError(text) ?? {
      offset: text.length,
      message: error instanceof Error ? error.message : String(error),
    };
    const { line, column } = lineColumnAt(text, found.offset);
    return { ok: false, message: found.message, line, column };
  }
}

/** Static inputs: a JSON object keyed by node id, each value an object. */
export function parseStaticInputs(
  text: string,
):
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; message: string; line: number; column: number } {
  const parsed = parseJsonInput(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: 'Static inputs must be a JSON object keyed by node id, e.g. {"my_node": {...}}',
      line: 1,
      column: 1,
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
