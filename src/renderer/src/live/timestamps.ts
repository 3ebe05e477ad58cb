const ISO_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Microseconds since the epoch of an ISO 8601 time as the run files write it
 * (`2026-11-25T20:49:29.123456Z`); `null` when the text is not such a time.
 * `Date.parse` alone would drop everything below the millisecond.
 */
export function isoToMicros(text: string): number | null {
  const match = ISO_PATTERN.exec(text);
  if (!match) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms * 1000;
  }
  const [, seconds, fraction = '', zone = 'Z'] = match;
  const wholeMs = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(wholeMs)) return null;
  const micros = Number((fraction + '000000').slice(0, 6));
  return wholeMs * 1000 + micros;
}
