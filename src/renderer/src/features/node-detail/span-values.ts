/** How one attribute value is shown: its type as the file wrote it, folding, and the attribute filter. */
import { embeddedJson } from '../../components/json-preview';

export type ValueType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export function valueTypeOf(value: unknown): ValueType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** A string longer than this, or with more lines, is shown folded to its start. */
export const FOLD_LENGTH = 400;
export const FOLD_LINES = 6;

/** The start of a long text, or null when it is short enough to show whole. */
export function foldedStart(text: string): string | null {
  let end = Math.min(text.length, FOLD_LENGTH);
  let lineBreak = -1;
  for (let line = 0; line < FOLD_LINES; line++) {
    lineBreak = text.indexOf('\n', lineBreak + 1);
    if (lineBreak < 0) break;
  }
  if (lineBreak >= 0 && lineBreak < end) end = lineBreak;
  if (text.slice(end).trim() === '') return null;
  // Never between the two halves of a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

/** The structure a string spells as JSON (an object or array), or undefined: what "parsed" shows. */
export function parsedJsonOf(text: string): unknown {
  return embeddedJson(text);
}

/** The text of a value the filter looks in: a string itself, anything else its JSON. */
function searchableText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Object && 'preview' in value && typeof value.preview === 'string')
    return value.preview;
  return JSON.stringify(value) ?? String(value);
}

/** Whether an attribute matches the filter text, by key or by value (case-insensitive). */
export function attributeMatches(key: string, value: unknown, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return key.toLowerCase().includes(needle) || searchableText(value).toLowerCase().includes(needle);
}
