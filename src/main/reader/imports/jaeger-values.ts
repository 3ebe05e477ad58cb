import { objectOf } from '../span-line';

/**
 * A Jaeger tag or log field (`{key, type, value}`) value as plain JSON. Older writers put every
 * value in text; the type says what it was.
 */
export function tagValueOf(tag: Record<string, unknown>): unknown {
  const value = tag.value;
  const type = typeof tag.type === 'string' ? tag.type.toLowerCase() : '';
  if (type === 'bool' || type === 'boolean') return value === true || value === 'true';
  if ((type === 'int64' || type === 'float64') && typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (Number.isFinite(number) && (type === 'float64' || Number.isSafeInteger(number))) return number;
  }
  return value ?? null;
}

/** A list of Jaeger tags as an object; the last of repeated keys wins. */
export function tagMap(list: unknown): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  if (!Array.isArray(list)) return map;
  for (const item of list) {
    const tag = objectOf(item);
    if (typeof tag.key === 'string') map[tag.key] = tagValueOf(tag);
  }
  return map;
}

/** Jaeger times are µs since the epoch, as a number or decimal text. NaN when absent. */
export function jaegerMicros(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : Number.NaN;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return Number.NaN;
}
