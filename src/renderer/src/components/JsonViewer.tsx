import { memo, useRef, useState } from 'react';
import type { CallError } from '../../../shared/contract';
import { PIECE_MAX_LENGTH } from '../../../shared/text-pieces';
import { isContainer, jsonKind, PagedText, previewOf, remainingLabel, textChunks } from './json-preview';
import './json-viewer.css';

const PAGE = 200;
const LONG_STRING = 2000;

interface JsonViewerProps {
  value: unknown;
  /** Levels open at first. */
  expandDepth?: number;
  testId?: string;
  label?: string;
}

/** A JSON value as a collapsible tree. Text only: nothing in the value is ever read as markup. */
export const JsonViewer = memo(function JsonViewer({
  value,
  expandDepth = 2,
  testId = 'json-viewer',
  label,
}: JsonViewerProps) {
  return (
    <div className="json-viewer" data-testid={testId} role="tree" aria-label={label ?? 'JSON'}>
      <JsonNode name={null} value={value} depth={0} expandDepth={expandDepth} />
    </div>
  );
});

interface JsonNodeProps {
  name: string | null;
  value: unknown;
  depth: number;
  expandDepth: number;
}

function JsonNode({ name, value, depth, expandDepth }: JsonNodeProps) {
  const [open, setOpen] = useState(depth < expandDepth);
  const [shown, setShown] = useState(PAGE);
  const key =
    name === null ? null : (
      <span className="json-viewer__key">
        {name}
        <span className="json-viewer__colon">: </span>
      </span>
    );

  if (value instanceof PagedText) {
    return (
      <div className="json-viewer__line" role="treeitem" style={{ paddingLeft: depth * 14 + 14 }}>
        {key}
        <PagedTextView key={value.id} text={value} />
      </div>
    );
  }

  if (!isContainer(value)) {
    return (
      <div className="json-viewer__line" role="treeitem" style={{ paddingLeft: depth * 14 + 14 }}>
        {key}
        <JsonScalar value={value} />
      </div>
    );
  }

  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  return (
    <div role="treeitem" aria-expanded={open}>
      <button
        type="button"
        className="json-viewer__line json-viewer__toggle"
        style={{ paddingLeft: depth * 14 }}
        onClick={() => setOpen(!open)}
        data-testid="json-toggle"
      >
        <span className="json-viewer__caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {key}
        <span className="json-viewer__preview">
          {open ? (Array.isArray(value) ? '[' : '{') : previewOf(value)}
        </span>
      </button>
      {open ? (
        <div role="group">
          {entries.slice(0, shown).map(([childName, child]) => (
            <JsonNode
              key={childName}
              name={childName}
              value={child}
              depth={depth + 1}
              expandDepth={expandDepth}
            />
          ))}
          {entries.length > shown ? (
            <button
              type="button"
              className="json-viewer__more"
              style={{ paddingLeft: (depth + 1) * 14 + 14 }}
              onClick={() => setShown(shown + PAGE)}
            >
              show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}…
            </button>
          ) : null}
          <div className="json-viewer__line json-viewer__close" style={{ paddingLeft: depth * 14 + 14 }}>
            {Array.isArray(value) ? ']' : '}'}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function JsonScalar({ value }: { value: unknown }) {
  const [full, setFull] = useState(false);
  const kind = jsonKind(value);
  if (kind === 'string') {
    const text = value as string;
    const cut = !full && text.length > LONG_STRING;
    return (
      <span className="json-viewer__string">
        &quot;{cut ? text.slice(0, LONG_STRING) : text}&quot;
        {cut ? (
          <button type="button" className="json-viewer__more-inline" onClick={() => setFull(true)}>
            … {text.length - LONG_STRING} more characters
          </button>
        ) : null}
      </span>
    );
  }
  return (
    <span className={`json-viewer__${kind}`}>{kind === 'other' ? String(value) : JSON.stringify(value)}</span>
  );
}

/** Whole values up to this size may be loaded at once; larger ones one piece at a time. */
const LOAD_ALL_MAX = 4 * 1024 * 1024;

/**
 * The start of a long value with how much more there is, and buttons that read the rest from the
 * service: the next piece (appended), or everything when it is small enough to hold at once.
 */
export function PagedTextView({
  text,
  onWhole,
  testId = 'paged-text',
}: {
  text: PagedText;
  /** Called once the whole text is loaded. */
  onWhole?(whole: string): void;
  testId?: string;
}) {
  // Held in blocks: the browser then lays out only those in view, not megabytes at once.
  const [chunks, setChunks] = useState(() => textChunks(text.preview));
  const [end, setEnd] = useState(text.previewEnd);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const textRef = useRef<HTMLPreElement>(null);
  const remaining = text.totalLength - end;

  async function load(all: boolean): Promise<void> {
    setLoading(true);
    setError(null);
    let at = end;
    let added = '';
    do {
      const result = await text.loadPiece(at, PIECE_MAX_LENGTH);
      if (!result.ok) {
        setError(result.error);
        break;
      }
      const stuck = result.value.nextOffset <= at;
      added += result.value.text;
      at = result.value.nextOffset;
      if (stuck) break;
    } while (all && at < text.totalLength);
    const last = chunks.length - 1;
    const next = [...chunks.slice(0, last), ...textChunks((chunks[last] ?? '') + added)];
    setChunks(next);
    setEnd(at);
    setLoading(false);
    if (at >= text.totalLength) {
      // The buttons go away: keep the keyboard on the text rather than lose it to the page.
      textRef.current?.focus();
      onWhole?.(next.join(''));
    }
  }

  return (
    <div className="paged-text" data-testid={testId} data-complete={remaining <= 0}>
      <pre className="paged-text__text" tabIndex={-1} ref={textRef} data-testid={`${testId}-text`}>
        {chunks.map((chunk, i) => (
          <span key={i} className="paged-text__chunk">
            {chunk}
          </span>
        ))}
      </pre>
      {remaining > 0 ? (
        <div className="paged-text__more">
          <span className="paged-text__remaining" data-testid={`${testId}-remaining`}>
            {remainingLabel(remaining, text.unit)}
          </span>
          <button
            type="button"
            className="button button--small"
            disabled={loading}
            onClick={() => void load(false)}
            data-testid={`${testId}-next`}
          >
            {loading ? 'Loading…' : `Load the next ${remaining > PIECE_MAX_LENGTH ? '1 MiB' : 'part'}`}
          </button>
          {remaining <= LOAD_ALL_MAX && remaining > PIECE_MAX_LENGTH ? (
            <button
              type="button"
              className="button button--small"
              disabled={loading}
              onClick={() => void load(true)}
              data-testid={`${testId}-all`}
            >
              Load all the rest
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          Could not load more: {error.message}
        </div>
      ) : null}
    </div>
  );
}
