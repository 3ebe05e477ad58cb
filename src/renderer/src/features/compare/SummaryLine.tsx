import { useRef, useState } from 'react';

/** The comparison in one sentence, with a button that copies it (or selects it to copy by hand). */
export function SummaryLine({ text }: { text: string }) {
  const textRef = useRef<HTMLParagraphElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'selected'>('idle');

  const selectText = () => {
    const element = textRef.current;
    const selection = window.getSelection();
    if (!element || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
    setCopyState('selected');
  };

  const copy = async () => {
    // The clipboard API exists only in secure contexts: over plain http the text is selected instead.
    const clipboard = (navigator as Partial<Navigator>).clipboard;
    if (!clipboard?.writeText) {
      selectText();
      return;
    }
    try {
      await clipboard.writeText(text);
      setCopyState('copied');
    } catch {
      selectText();
    }
  };

  return (
    <div className="compare-summary">
      <p className="compare-summary__text" ref={textRef} data-testid="compare-summary">
        {text}
      </p>
      <button
        type="button"
        className="button button--ghost button--small"
        data-testid="compare-summary-copy"
        onClick={() => void copy()}
      >
        Copy
      </button>
      <span className="muted compare-summary__state" role="status" data-testid="compare-summary-copy-state">
        {copyState === 'copied' ? 'Copied' : copyState === 'selected' ? 'Selected: press Ctrl+C to copy' : ''}
      </span>
    </div>
  );
}
