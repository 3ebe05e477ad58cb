import { objectOf } from '../span-line';

/**
 * An OTLP `AnyValue` (`{stringValue}`, `{intValue}`, …) as plain JSON. 64-bit integers that a
 * double cannot hold exactly stay decimal text; bytes stay base64 text; an empty value is null.
 */
export function anyValueOf(value: unknown): unknown {
  const holder = objectOf(value);
  if ('stringValue' in holder) return holder.stringValue;
  if ('boolValue' in holder) return holder.boolValue === true || holder.boolValue === 'true';
  if ('intValue' in holder) return integerOf(holder.intValue);
  if ('doubleValue' in holder) return doubleOf(holder.doubleValue);
  if ('arrayValue' in holder) {
    const values = objectOf(holder.arrayValue).values;
    return Array.isArray(values) ? values.map(anyValueOf) : [];
  }
  if ('kvlistValue' in holder) return attributeMap(objectOf(holder.kvlistValue).values);
  if ('bytesValue' in holder) return holder.bytesValue;
  return null;
}

/** A list of `{key, value: AnyValue}` as an object; the last of repeated keys wins. */
export function attributeMap(list: unknown): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  if (!Array.isArray(list)) return map;
  for (const item of list) {
    const entry = objectOf(item);
    if (typeof entry.key === 'string') map[entry.key] = anyValueOf(entry.value);
  }
  return map;
}

function integerOf(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return value ?? null;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

function doubleOf(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return value ?? null;
  const number = Number(value);
  // "NaN" and "Infinity" (the protobuf JSON spelling) have no JSON number: they stay text.
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

/**
 * Nanoseconds since the epoch, as OTLP/JSON writes them (decimal text, a number, or the
 * `{low, high}` halves some JavaScript encoders write), in µs. NaN when absent or zero.
 */
export function nanosToMicros(value: unknown): number {
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0 ? Math.floor(value / 1000) : Number.NaN;
  if (typeof value === 'string') {
    if (!/^\d+$/.test(value)) return Number.NaN;
    // Dropping the last three digits keeps µs exact; the whole number of ns is past 2^53.
    const micros = value.length > 3 ? Number(value.slice(0, -3)) : 0;
    return micros > 0 ? micros : Number.NaN;
  }
  const halves = objectOf(value);
  if (typeof halves.low === 'number' && typeof halves.high === 'number') {
    const nanos = (BigInt(halves.high >>> 0) << 32n) | BigInt(halves.low >>> 0);
    const micros = Number(nanos / 1000n);
    return micros > 0 ? micros : Number.NaN;
  }
  return Number.NaN;
}
