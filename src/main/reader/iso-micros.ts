/**
 * Timestamps as µs since the epoch (a float64 holds them exactly for dates up to the year 2255).
 * Written without `Date` because a million spans have two timestamps each and `Date.parse` drops the
 * microseconds anyway.
 */

/** `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]` (a space for `T` and no zone, meaning UTC, are accepted too). NaN when not a timestamp. */
export function isoToMicros(text: string): number {
  const length = text.length;
  if (length < 19) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 60 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 32 && separator !== 116) return Number.NaN;
  if (hour < 0 || minute < 0 || second < 0) return Number.NaN;

  let position = 19;
  let micros = 0;
  if (position < length && text.charCodeAt(position) === 46) {
    position++;
    let scale = 100_000;
    const fractionStart = position;
    while (position < length) {
      const code = text.charCodeAt(position);
      if (code < 48 || code > 57) break;
      // Digits past the sixth (nanoseconds) are dropped: µs is the resolution everywhere.
      micros += (code - 48) * scale;
      scale /= 10;
      position++;
    }
    if (position === fractionStart) return Number.NaN;
    micros = Math.floor(micros + 1e-6);
  }

  let offsetMinutes = 0;
  if (position < length) {
    const zone = text.charCodeAt(position);
    if ((zone === 90 || zone === 122) && position + 1 === length) {
      // 'Z'
    } else if ((zone === 43 || zone === 45) && (length - position === 6 || length - position === 5)) {
      const zoneHours = digits(text, position + 1, 2);
      const zoneMinutes =
        length - position === 6 && text.charCodeAt(position + 3) === 58
          ? digits(text, position + 4, 2)
          : digits(text, position + 3, 2);
      if (zoneHours < 0 || zoneMinutes < 0) return Number.NaN;
      offsetMinutes = (zone === 45 ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
    } else {
      return Number.NaN;
    }
  }

  const days = daysFromCivil(year, month, day);
  const seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return seconds * 1_000_000 + micros;
}

/**
 * A timestamp given as a number: OpenTelemetry's native form is nanoseconds since the epoch; µs,
 * ms and seconds are told apart by magnitude (any date after 1973 is unambiguous).
 */
export function epochNumberToMicros(value: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e17) return Math.floor(value / 1000);
  if (magnitude >= 1e14) return value;
  if (magnitude >= 1e11) return value * 1000;
  return value * 1_000_000;
}

/** A timestamp of any accepted shape (ISO text, a number, numeric text as OTLP writes nanoseconds). */
export function timestampToMicros(value: unknown): number {
  if (typeof value === 'number') return epochNumberToMicros(value);
  if (typeof value !== 'string') return Number.NaN;
  const iso = isoToMicros(value);
  if (!Number.isNaN(iso)) return iso;
  if (/^\d{9,20}$/.test(value)) return epochNumberToMicros(Number(value));
  return Number.NaN;
}

/** UTC ISO text with microseconds, the way run files write it. */
export function microsToIso(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = Math.round(micros - millis * 1000);
  const base = new Date(millis).toISOString();
  return `${base.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
