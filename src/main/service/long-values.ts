import type { SpanDetail } from '../../shared/run-data';
import {
  REPLY_SOFT_LIMIT_BYTES,
  utf16PieceEnd,
  VALUE_PREVIEW_LENGTH,
  type LongValue,
} from '../../shared/text-pieces';

/** How far values are cut when a span's many values together still make the reply too big. */
const TIGHT_PREVIEW_LENGTH = 2 * 1024;

/** The text a value is paged as: a string is its own text, anything else its JSON. */
export function valueText(value: unknown): { text: string; kind: LongValue['kind'] } {
  if (typeof value === 'string') return { text: value, kind: 'text' };
  return { text: JSON.stringify(value) ?? String(value), kind: 'json' };
}

/** One attribute value of the span or of one of its events, and where its long marker goes. */
interface Slot {
  values: Record<string, unknown>;
  longs: Record<string, LongValue>;
  key: string;
}

/** Puts the start of the slot's value in its place when its text is longer than `previewLength`. */
function cutTo(slot: Slot, previewLength: number): void {
  const known = slot.longs[slot.key];
  const { text, kind } = known
    ? { text: slot.values[slot.key] as string, kind: known.kind }
    : valueText(slot.values[slot.key]);
  if (text.length <= previewLength) return;
  slot.values[slot.key] = text.slice(0, utf16PieceEnd(text, 0, previewLength));
  slot.longs[slot.key] = known ?? { totalLength: text.length, kind };
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/** A group of values cut together (a span's attributes, one event's attributes). */
export interface CutValues {
  values: Record<string, unknown>;
  longAttributes?: Record<string, LongValue>;
}

/**
 * The groups' values as a message may carry them: every value whose text is longer than the
 * preview is replaced by its start and listed in `longAttributes` with its length, for the window
 * to read the rest in pieces. When the values together still weigh more than `limitBytes`, the
 * largest are cut further.
 */
export function cutLongValues(
  groups: readonly Record<string, unknown>[],
  limitBytes = REPLY_SOFT_LIMIT_BYTES,
): CutValues[] {
  const slots: Slot[] = [];
  const tracked = groups.map((source) => {
    const values = { ...source };
    const longs: Record<string, LongValue> = {};
    for (const key of Object.keys(values)) slots.push({ values, longs, key });
    return { values, longs };
  });
  for (const slot of slots) cutTo(slot, VALUE_PREVIEW_LENGTH);
  let bytes = jsonBytes(tracked.map(({ values }) => values));
  if (bytes > limitBytes) {
    const bySize = slots
      .map((slot) => ({ slot, size: jsonBytes(slot.values[slot.key]) }))
      .filter(({ size }) => size > TIGHT_PREVIEW_LENGTH)
      .sort((a, b) => b.size - a.size);
    for (const { slot, size } of bySize) {
      if (bytes <= limitBytes) break;
      cutTo(slot, TIGHT_PREVIEW_LENGTH);
      bytes -= size - jsonBytes(slot.values[slot.key]);
    }
  }
  return tracked.map(({ values, longs }) => ({ values, ...withLongs(longs) }));
}

/** The span's detail as a reply may carry it: long values cut as {@link cutLongValues} cuts them. */
export function pagedSpanDetail<Detail extends SpanDetail>(detail: Detail): Detail {
  const [span, ...events] = cutLongValues([
    detail.attributes,
    ...detail.events.map((event) => event.attributes),
  ]);
  return {
    ...detail,
    attributes: span?.values ?? {},
    ...withLongs(span?.longAttributes ?? {}),
    events: detail.events.map((event, at) => ({
      ...event,
      attributes: events[at]?.values ?? {},
      ...withLongs(events[at]?.longAttributes ?? {}),
    })),
  };
}

function withLongs(longs: Record<string, LongValue>): { longAttributes?: Record<string, LongValue> } {
  return Object.keys(longs).length > 0 ? { longAttributes: longs } : {};
}
