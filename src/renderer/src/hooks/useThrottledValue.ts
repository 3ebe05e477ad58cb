import { useEffect, useRef, useState } from 'react';

/** `value`, changing at most once every `intervalMs` (the last change always comes through). */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [throttled, setThrottled] = useState(value);
  const lastSet = useRef(0);
  useEffect(() => {
    const wait = lastSet.current + intervalMs - Date.now();
    if (wait <= 0) {
      lastSet.current = Date.now();
      setThrottled(value);
      return;
    }
    const timer = setTimeout(() => {
      lastSet.current = Date.now();
      setThrottled(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return throttled;
}

/** `value` once it has stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
