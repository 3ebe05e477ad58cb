import { memo, useState } from 'react';
import { isContainer, jsonKind, previewOf } from './json-preview';
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
