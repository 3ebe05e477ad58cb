/**
 * Trace and span ids as lower-case hex without a prefix, padded to their width. OTLP/JSON writes
 * them as hex; a protobuf JSON printer writes base64 (always ending in `=` at these widths, so the
 * two cannot be confused); Jaeger drops leading zeros.
 */
export function hexId(value: unknown, bytes: 8 | 16): string | null {
  if (typeof value !== 'string') return null;
  const width = bytes * 2;
  let text = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (text.endsWith('=')) {
    const decoded = Buffer.from(text, 'base64');
    if (decoded.length !== bytes || decoded.toString('base64') !== text) return null;
    text = decoded.toString('hex');
  }
  if (text.length === 0 || text.length > width || !/^[0-9a-fA-F]+$/.test(text)) return null;
  if (/^0+$/.test(text)) return null;
  return text.toLowerCase().padStart(width, '0');
}

/** How the ids must look, for messages about ids that do not. */
export const SPAN_ID_FORM = 'an 8-byte span id (up to 16 hex digits, or base64)';
export const TRACE_ID_FORM = 'a 16-byte trace id (up to 32 hex digits, or base64)';

/** True for a missing id: absent, empty, or all zeros (how a root span writes "no parent"). */
export function isAbsentId(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  const text = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  return text === '' || /^0+$/.test(text) || /^A+=*$/.test(text);
}
