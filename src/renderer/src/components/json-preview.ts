/** One-line summaries of JSON values for the JSON viewer, and the long values it pages. */
import type { Result } from '../../../shared/contract';
import { isUtf16Boundary, type TextPiece } from '../../../shared/text-pieces';

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'other';

export function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
}

export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** `{3 keys}`, `[12 items]`, or the value itself cut to `max` characters. */
export function previewOf(value: unknown, max = 80): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (isContainer(value)) {
    const count = Object.keys(value).length;
    return `{${count} key${count === 1 ? '' : 's'}}`;
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A string that holds JSON (as span attributes often do), parsed; otherwise undefined. */
export function embeddedJson(text: string): unknown {
  const trimmed = text.trim();
  if (
    !(trimmed.startsWith('{') && trimmed.endsWith('}')) &&
    !(trimmed.startsWith('[') && trimmed.endsWith(']'))
  ) {
    return undefined;
  }
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads one piece of a long text from the service (a span value or a node file). */
export type PieceLoader = (offset: number, length: number) => Promise<Result<TextPiece>>;

/**
 * A value the service sent only the start of, placed where the value belongs in a JSON tree: the
 * viewer shows the start and reads the rest, piece by piece, when asked.
 */
export class PagedText {
  constructor(
    /** Names the value (and its size): views keep what they loaded only while it stays the same. */
    readonly id: string,
    readonly preview: string,
    /** Where the preview ends, in `unit`s of the whole. */
    readonly previewEnd: number,
    readonly totalLength: number,
    readonly unit: TextPiece['unit'],
    readonly loadPiece: PieceLoader,
  ) {}
}

function formatSize(count: number, unit: TextPiece['unit']): string {
  const bytes = unit === 'bytes' ? '' : 'about ';
  if (count < 1024) return `${bytes}${count} B`;
  if (count < 1024 * 1024) return `${bytes}${(count / 1024).toFixed(1)} KiB`;
  return `${bytes}${(count / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `… 51,380,224 more characters (about 49.0 MiB)` or `… 4,980,736 more bytes (4.8 MiB)`. */
export function remainingLabel(remaining: number, unit: TextPiece['unit']): string {
  const what = unit === 'bytes' ? 'bytes' : 'characters';
  return `… ${remaining.toLocaleString('en-US')} more ${what} (${formatSize(remaining, unit)})`;
}

/** How much text one block of a long value holds: the browser lays out only the blocks in view. */
export const TEXT_CHUNK_LENGTH = 16 * 1024;

/**
 * `text` in blocks of at most `size` characters, each ending after a line break where one falls
 * in its second half, and never between the two halves of a surrogate pair.
 */
export function textChunks(text: string, size = TEXT_CHUNK_LENGTH): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (text.length - start > size) {
    let end = start + size;
    const lineEnd = text.lastIndexOf('\n', end - 1);
    if (lineEnd >= start + size / 2) end = lineEnd + 1;
    else if (!isUtf16Boundary(text, end)) end--;
    chunks.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length || chunks.length === 0) chunks.push(text.slice(start));
  return chunks;
}
