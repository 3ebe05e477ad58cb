import { useEffect, useState } from 'react';

/** The current time in µs, ticking every `intervalMs` while `running`; null when not running. */
export function useNowUs(running: boolean, intervalMs = 250): number | null {
  const [now, setNow] = useState(() => Date.now() * 1000);
  useEffect(() => {
    if (!running) return;
    setNow(Date.now() * 1000);
    const timer = setInterval(() => setNow(Date.now() * 1000), intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs]);
  return running ? now : null;
}
