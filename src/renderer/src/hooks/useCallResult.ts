import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError, Result } from '../../../shared/contract';

export interface CallState<T> {
  /** The last value that arrived (kept while a newer call is on its way). */
  value: T | null;
  error: CallError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `call` whenever `key` changes (and on reload) and keeps its answer; answers to calls that
 * were overtaken are dropped. While a new answer is on its way the last one stays, unless `subject`
 * (what is being asked about) changed: then it is cleared. A `null` call clears the state.
 */
export function useCallResult<T>(
  call: (() => Promise<Result<T>>) | null,
  key: string,
  subject: string = key,
): CallState<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);
  const sequence = useRef(0);
  const latestCall = useRef(call);
  latestCall.current = call;
  const hasCall = call !== null;
  const [shownSubject, setShownSubject] = useState(subject);
  if (shownSubject !== subject) {
    setShownSubject(subject);
    setValue(null);
    setError(null);
  }

  useEffect(() => {
    const current = latestCall.current;
    const id = ++sequence.current;
    if (!current) {
      setValue(null);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    void current().then((result) => {
      if (id !== sequence.current) return;
      setLoading(false);
      if (result.ok) {
        setValue(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, [key, reloads, hasCall]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { value, error, loading, reload };
}
