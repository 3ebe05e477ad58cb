/**
 * Values too big to send whole (a 50 MB span attribute, a 5 MB result.json) cross the contract as a
 * preview and then in pieces the window asks for. Span values are counted in UTF-16 code units (what
 * a JavaScript string counts); files in bytes (what a file is). A piece never splits a character.
 */

/** The most text one piece carries: 1 MiB of UTF-16 units for a value, of bytes for a file. */
export const PIECE_MAX_LENGTH = 1024 * 1024;

/** What one piece's text may weigh as JSON (UTF-8 bytes), leaving room in the reply for the rest. */
export const PIECE_MAX_JSON_BYTES = 1024 * 1024 - 1024;

/** A span value longer than this (UTF-16 units) is sent as its first this-many units and its length. */
export const VALUE_PREVIEW_LENGTH = 64 * 1024;

/** A node file up to this many bytes is sent whole (parsed); a larger one as a preview. */
export const FILE_WHOLE_MAX_BYTES = 256 * 1024;

/** How many bytes of a larger node file its preview carries. */
export const FILE_PREVIEW_BYTES = 64 * 1024;

/** What a reply may carry before the service cuts span values further to stay under it. */
export const REPLY_SOFT_LIMIT_BYTES = 1024 * 1024;

/** What no reply ever exceeds: a bigger one is replaced by a `reply_too_large` error. */
export const REPLY_HARD_LIMIT_BYTES = 4 * 1024 * 1024;

/** A value's text when it is long: where `attributes[key]` holds only its start. */
export interface LongValue {
  /** Length of the whole text, in UTF-16 code units. */
  totalLength: number;
  /** `text` for a string value; `json` for a structure, whose JSON text is what is paged. */
  kind: 'text' | 'json';
}

/**
 * One piece of a long value or file: `text` spans `offset` up to (not including) `nextOffset`. It
 * may stop short of the length asked for: at a character's start, or so that its JSON stays under
 * {@link PIECE_MAX_JSON_BYTES} (text full of quotes or escapes weighs more than it counts).
 */
export interface TextPiece {
  text: string;
  offset: number;
  nextOffset: number;
  totalLength: number;
  unit: 'utf16' | 'bytes';
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Whether a piece of `text` may start (or end) at `index`: not between the halves of a surrogate pair. */
export function isUtf16Boundary(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  return !(isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index)));
}

/**
 * Where a piece of about `length` units from `offset` ends: moved back off a surrogate pair, or
 * past it when moving back would leave the piece empty.
 */
export function utf16PieceEnd(text: string, offset: number, length: number): number {
  const end = Math.min(text.length, offset + length);
  if (isUtf16Boundary(text, end)) return end;
  return end - 1 > offset ? end - 1 : end + 1;
}

/** Whether `byte` continues a UTF-8 sequence (10xxxxxx) rather than starting a character. */
export function isUtf8Continuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/**
 * Where a piece of about `wanted` bytes ends, given `available` bytes read from its start (read a
 * few more than wanted, so the byte after the cut can be seen): at a character's start, moved back
 * off a character, or past it when moving back would leave the piece empty. Fewer bytes available
 * than wanted means the file ended: the piece takes them all.
 */
export function utf8PieceEnd(bytes: Uint8Array, available: number, wanted: number): number {
  if (available <= wanted) return available;
  let end = wanted;
  while (end > 0 && isUtf8Continuation(bytes[end] as number)) end--;
  if (end > 0) return end;
  end = 1;
  while (end < available && isUtf8Continuation(bytes[end] as number)) end++;
  return end;
}

/** A piece asked for outside its value or file, or starting inside a character; the message says which. */
export class PieceRangeError extends Error {
  readonly code = 'out_of_range';
  constructor(message: string) {
    super(message);
    this.name = 'PieceRangeError';
  }
}
