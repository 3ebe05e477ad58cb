import { useEffect, useRef } from 'react';

/** Model text as it streams in, kept scrolled to the newest line while the node runs. */
export function StreamedOutput({ text, running }: { text: string; running: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (running && element) element.scrollTop = element.scrollHeight;
  }, [text, running]);
  return (
    <section className="node-section" aria-label="Streamed output">
      <h3 className="node-section__title">
        Model output {running ? <span className="live-dot" aria-label="streaming" /> : null}
      </h3>
      <pre className="streamed-output" ref={ref} data-testid="node-streamed-output">
        {text}
      </pre>
    </section>
  );
}
