import { useEffect, useState } from 'react';
import { request } from '../../api/api-client';
import { errorsOf } from '../node-detail/node-facts';

/** Messages of error spans already hovered, so moving back over a bar asks nothing again. */
const known = new Map<string, string>();
const MAX_KNOWN = 500;

/**
 * The error message of a span, as its node pane shows it first (status message, `exception` event,
 * Jaeger `error` tag), fetched when first asked for; null while it comes or when none is given.
 */
export function useErrorMessage(
  runId: string,
  spanId: string | null,
): { message: string | null; failed: boolean } {
  const key = spanId === null ? null : `${runId} ${spanId}`;
  const [answer, setAnswer] = useState<{ key: string; message: string | null; failed: boolean } | null>(null);

  useEffect(() => {
    if (key === null || spanId === null || known.has(key)) return;
    let current = true;
    void request('spanDetail', { runId, spanId }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setAnswer({ key, message: null, failed: true });
        return;
      }
      const message = errorsOf(result.value)[0]?.message ?? null;
      if (message !== null) {
        if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value as string);
        known.set(key, message);
      }
      setAnswer({ key, message, failed: false });
    });
    return () => {
      current = false;
    };
  }, [runId, spanId, key]);

  if (key === null) return { message: null, failed: false };
  const cached = known.get(key);
  if (cached !== undefined) return { message: cached, failed: false };
  return answer?.key === key
    ? { message: answer.message, failed: answer.failed }
    : { message: null, failed: false };
}
