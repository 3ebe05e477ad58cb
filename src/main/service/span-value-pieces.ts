import type { SpanDetail } from '../../shared/run-data';
import {
  isUtf16Boundary,
  PIECE_MAX_JSON_BYTES,
  PieceRangeError,
  utf16PieceEnd,
  type TextPiece,
} from '../../shared/text-pieces';
import { EngineError } from '../engine/errors';
import { valueText } from './long-values';

/** Which value of a span: one of its attributes, or one of an event's with `eventIndex`. */
export interface SpanValueAddress {
  runId: string;
  spanId: string;
  key: string;
  eventIndex?: number;
}

/** The text of the addressed value in a span's (unpaged) detail, or a not_found error naming it. */
export function spanValueText(detail: SpanDetail, address: SpanValueAddress): string {
  const { key, eventIndex, spanId } = address;
  let attributes = detail.attributes;
  let where = `span ${spanId}`;
  if (eventIndex !== undefined) {
    const event = detail.events[eventIndex];
    if (!event) {
      throw new EngineError(
        'not_found',
        `span ${spanId} has no event ${eventIndex} (it has ${detail.events.length})`,
      );
    }
    attributes = event.attributes;
    where = `event ${eventIndex} of span ${spanId}`;
  }
  if (!Object.hasOwn(attributes, key)) {
    throw new EngineError('not_found', `${where} has no attribute ${JSON.stringify(key)}`);
  }
  return valueText(attributes[key]).text;
}

/**
 * Up to `length` UTF-16 units of `text` from `offset`, never splitting a surrogate pair; an offset
 * past the end or inside a character is refused with a PieceRangeError naming it.
 */
export function pieceOfText(text: string, offset: number, length: number, shownName: string): TextPiece {
  if (offset > text.length) {
    throw new PieceRangeError(`offset ${offset} is past the end of ${shownName} (${text.length} characters)`);
  }
  if (!isUtf16Boundary(text, offset)) {
    throw new PieceRangeError(`offset ${offset} of ${shownName} falls inside a character`);
  }
  let end = utf16PieceEnd(text, offset, length);
  for (;;) {
    const bytes = Buffer.byteLength(JSON.stringify(text.slice(offset, end)));
    if (bytes <= PIECE_MAX_JSON_BYTES) break;
    end = utf16PieceEnd(text, offset, Math.floor(((end - offset) * PIECE_MAX_JSON_BYTES) / bytes));
  }
  return { text: text.slice(offset, end), offset, nextOffset: end, totalLength: text.length, unit: 'utf16' };
}

/**
 * Keeps the text of the one long value the window is reading piece by piece, so that each piece
 * is a slice of it rather than another read and parse of the whole span. Only one value is kept,
 * and only for a while after its last piece: a 50 MB value is held once, not once per piece.
 */
export class SpanValueTexts {
  private kept: { key: string; text: Promise<string>; timer: NodeJS.Timeout | null } | null = null;

  constructor(private readonly keepMs = 60_000) {}

  /** The value's text: the kept one when it is this value, else `load`'s (kept when `final`). */
  text(address: SpanValueAddress, load: () => Promise<{ text: string; final: boolean }>): Promise<string> {
    const key = [address.runId, address.spanId, address.eventIndex ?? '', address.key].join('\u0000');
    if (this.kept?.key === key) {
      this.touch();
      return this.kept.text;
    }
    const loaded = load();
    const text = loaded.then(({ text }) => text);
    this.clear();
    const entry = { key, text, timer: null };
    this.kept = entry;
    this.touch();
    // A value of a span still running may change, and a failed read is not worth keeping.
    loaded.then(
      ({ final }) => {
        if (!final && this.kept === entry) this.clear();
      },
      () => {
        if (this.kept === entry) this.clear();
      },
    );
    return text;
  }

  clear(): void {
    if (this.kept?.timer) clearTimeout(this.kept.timer);
    this.kept = null;
  }

  private touch(): void {
    const kept = this.kept;
    if (!kept) return;
    if (kept.timer) clearTimeout(kept.timer);
    kept.timer = setTimeout(() => {
      if (this.kept === kept) this.kept = null;
    }, this.keepMs);
    kept.timer.unref();
  }
}
