import type { LongValue } from '../../../../shared/text-pieces';
import { request } from '../../api/api-client';
import { PagedText } from '../../components/json-preview';

/**
 * The span's (or one event's) attributes with each value the service sent only the start of
 * replaced by a {@link PagedText} that reads the rest on request; the others as they came.
 */
export function pagedAttributes(
  runId: string,
  spanId: string,
  attributes: Record<string, unknown>,
  longAttributes: Record<string, LongValue> | undefined,
  eventIndex?: number,
): Record<string, unknown> {
  if (!longAttributes) return attributes;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const long = longAttributes[key];
    result[key] =
      long && typeof value === 'string'
        ? new PagedText(
            `${runId}|${spanId}|${eventIndex ?? ''}|${key}|${long.totalLength}`,
            value,
            value.length,
            long.totalLength,
            'utf16',
            (offset, length) => request('spanValuePiece', { runId, spanId, key, eventIndex, offset, length }),
          )
        : value;
  }
  return result;
}
