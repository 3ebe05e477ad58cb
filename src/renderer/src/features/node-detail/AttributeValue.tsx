import { useState } from 'react';
import { JsonViewer, PagedTextView } from '../../components/JsonViewer';
import { PagedText } from '../../components/json-preview';
import { foldedStart, parsedJsonOf, valueTypeOf } from './span-values';

/** Arrays and objects whose JSON is at most this long are shown on one line. */
const INLINE_JSON_LENGTH = 120;

/** A string, folded to its start when long, with a control to show it whole. */
function FoldedText({ text, cutLength }: { text: string; cutLength?: number }) {
  const [open, setOpen] = useState(false);
  const start = foldedStart(text);
  const folded = start !== null && !open;
  return (
    <span className="attr-text">
      <span className="attr-text__value" data-testid="attr-text">
        {folded ? start : text}
      </span>
      {folded ? (
        <button
          type="button"
          className="link-button attr-text__toggle"
          onClick={() => setOpen(true)}
          data-testid="attr-unfold"
        >
          … show all {text.length.toLocaleString('en-US')} characters
        </button>
      ) : start !== null ? (
        <button
          type="button"
          className="link-button attr-text__toggle"
          onClick={() => setOpen(false)}
          data-testid="attr-fold"
        >
          fold
        </button>
      ) : null}
      {cutLength !== undefined ? (
        <span className="muted attr-text__cut">
          {' '}
          (the first {text.length.toLocaleString('en-US')} of {cutLength.toLocaleString('en-US')} characters)
        </span>
      ) : null}
    </span>
  );
}

/**
 * One attribute value with its type as the file wrote it: a string stays a string (shown
 * "parsed" only on request when it holds JSON), numbers, booleans and arrays keep theirs.
 */
export function AttributeValue({
  value,
  parsedFirst = false,
  cutLength,
}: {
  value: unknown;
  /** Show a string that holds JSON parsed until asked otherwise (what DAD's own values mean). */
  parsedFirst?: boolean;
  /** Set when only the start of the value was sent: its whole length. */
  cutLength?: number;
}) {
  if (value instanceof PagedText) return <PagedTextView key={value.id} text={value} />;
  const type = valueTypeOf(value);
  if (type === 'string')
    return <StringValue text={value as string} parsedFirst={parsedFirst} cutLength={cutLength} />;
  if (type === 'array' || type === 'object') {
    const json = JSON.stringify(value) ?? '';
    return (
      <span className="attr-value" data-type={type}>
        {json.length <= INLINE_JSON_LENGTH ? (
          <code className="attr-value__json">{json}</code>
        ) : (
          <JsonViewer value={value} expandDepth={1} testId="attr-json" />
        )}
      </span>
    );
  }
  return (
    <span className={`attr-value attr-value--${type}`} data-type={type}>
      {type === 'null' ? 'null' : String(value)}
    </span>
  );
}

function StringValue({
  text,
  parsedFirst,
  cutLength,
}: {
  text: string;
  parsedFirst: boolean;
  cutLength?: number;
}) {
  const parsed = cutLength === undefined ? parsedJsonOf(text) : undefined;
  const [showParsed, setShowParsed] = useState(parsedFirst);
  return (
    <span className="attr-value attr-value--string" data-type="string">
      {parsed !== undefined && showParsed ? (
        <JsonViewer value={parsed} expandDepth={1} testId="attr-parsed" />
      ) : (
        <FoldedText text={text} cutLength={cutLength} />
      )}
      {parsed !== undefined ? (
        <button
          type="button"
          className="link-button attr-value__parse"
          aria-pressed={showParsed}
          onClick={() => setShowParsed((shown) => !shown)}
          data-testid="attr-parse"
        >
          {showParsed ? 'as written' : 'parsed'}
        </button>
      ) : null}
    </span>
  );
}
