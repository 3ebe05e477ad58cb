import { useMemo, useState } from 'react';
import type { SpanDetail, SpanLink } from '../../../../shared/run-data';
import { formatClockMicros, formatDurationMs } from '../../format/format';
import { isoToMicros } from '../../live/timestamps';
import { useViewStore } from '../../stores/view-store';
import { revealSpan } from '../timeline/reveal-span';
import { AttributeList } from './AttributeList';
import { CopyButton } from './CopyButton';
import { PaneSection } from './PaneSection';
import { pagedAttributes } from './span-attribute-pages';

/** The span's attributes, typed as in its file, with a filter by key or value. */
export function SpanAttributesSection({
  runId,
  detail,
  open,
}: {
  runId: string;
  detail: SpanDetail;
  open: boolean;
}) {
  const [filter, setFilter] = useState('');
  const attributes = useMemo(
    () => pagedAttributes(runId, detail.spanId, detail.attributes, detail.longAttributes),
    [runId, detail.spanId, detail.attributes, detail.longAttributes],
  );
  const count = Object.keys(attributes).length;
  return (
    <PaneSection title={`Attributes (${count})`} testId="node-attributes" open={open}>
      {count > 0 ? (
        <input
          type="search"
          className="text-input attr-filter"
          placeholder="Filter by key or value"
          aria-label="Filter attributes by key or value"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          data-testid="attr-filter"
        />
      ) : null}
      <AttributeList
        attributes={attributes}
        filter={filter}
        parsedFirst={detail.attributeTyping === 'structured'}
        testId="span-attributes"
      />
    </PaneSection>
  );
}

/** `+1.25 ms` after the span's start, or the event's clock time when the span's start is unknown. */
function eventTime(timestamp: string, spanStart: number): { clock: string; offset: string | null } {
  const us = timestamp === '' ? null : isoToMicros(timestamp);
  if (us === null) return { clock: timestamp === '' ? 'no time' : timestamp, offset: null };
  return { clock: formatClockMicros(us), offset: `+${formatDurationMs((us - spanStart) / 1000)}` };
}

/** The span's events (Jaeger's logs), each with its time and attributes. */
export function SpanEventsSection({
  runId,
  detail,
  open,
}: {
  runId: string;
  detail: SpanDetail;
  open: boolean;
}) {
  if (detail.events.length === 0) return null;
  return (
    <PaneSection title={`Events (${detail.events.length})`} testId="node-span-events" open={open}>
      <ol className="span-events">
        {detail.events.map((event, index) => {
          const time = eventTime(event.timestamp, detail.start);
          return (
            <li key={index} className="span-event" data-testid="span-event">
              <div className="span-event__head">
                <span className="span-event__name mono" data-testid="span-event-name">
                  {event.name || '(unnamed)'}
                </span>
                <span className="span-event__time mono muted" title={event.timestamp}>
                  {time.clock}
                  {time.offset ? ` (${time.offset})` : ''}
                </span>
              </div>
              {Object.keys(event.attributes).length > 0 ? (
                <AttributeList
                  attributes={pagedAttributes(
                    runId,
                    detail.spanId,
                    event.attributes,
                    event.longAttributes,
                    index,
                  )}
                  parsedFirst={detail.attributeTyping === 'structured'}
                  testId="span-event-attributes"
                />
              ) : null}
            </li>
          );
        })}
      </ol>
    </PaneSection>
  );
}

function LinkTarget({ link, onSelect }: { link: SpanLink; onSelect(spanId: string): boolean }) {
  const [missing, setMissing] = useState<string | null>(null);
  if (link.inRun && link.spanId !== null) {
    const spanId = link.spanId;
    // A row the window does not hold (further down, under a collapsed span) is found by the service.
    const select = async () => {
      setMissing(null);
      if (onSelect(spanId)) return;
      const runId = useViewStore.getState().runId;
      const result = runId === null ? { found: false } : await revealSpan(runId, spanId);
      if ('error' in result)
        setMissing(`could not find its row (${result.error.code}): ${result.error.message}`);
      else if (!result.found) setMissing('not among the rows of this run at this moment');
    };
    return (
      <div className="span-link__target">
        <button
          type="button"
          className="link-button mono"
          onClick={() => void select()}
          data-testid="span-link-select"
        >
          span {spanId}
        </button>{' '}
        <span className="muted">in this run</span>
        {missing ? (
          <span className="muted" data-testid="span-link-hidden">
            {' '}
            — {missing}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <dl className="facts span-link__ids">
      <dt>Trace</dt>
      <dd className="span-id">
        <code data-testid="span-link-trace">{link.traceId ?? '—'}</code>
        {link.traceId ? (
          <CopyButton text={link.traceId} label="linked trace id" testId="span-link-trace-copy" />
        ) : null}
      </dd>
      <dt>Span</dt>
      <dd className="span-id">
        <code data-testid="span-link-span">{link.spanId ?? '—'}</code>
        {link.spanId ? (
          <CopyButton text={link.spanId} label="linked span id" testId="span-link-span-copy" />
        ) : null}
      </dd>
    </dl>
  );
}

/** The spans this one links to: one of this run's is selected on click; another trace's shows its ids. */
export function SpanLinksSection({
  detail,
  onSelect,
}: {
  detail: SpanDetail;
  /** Selects the span in the timeline; false when it is not among the rows shown. */
  onSelect(spanId: string): boolean;
}) {
  if (detail.linkCount === 0) return null;
  return (
    <PaneSection title={`Links (${detail.linkCount})`} testId="span-links">
      <ol className="span-links">
        {detail.spanLinks.map((link, index) => (
          <li key={index} className="span-link" data-testid="span-link" data-in-run={link.inRun}>
            <LinkTarget link={link} onSelect={onSelect} />
            {link.traceState ? <div className="muted mono">trace state {link.traceState}</div> : null}
            {Object.keys(link.attributes).length > 0 ? (
              <AttributeList
                attributes={link.attributes}
                cut={link.cutAttributes}
                testId="span-link-attributes"
              />
            ) : null}
          </li>
        ))}
      </ol>
      {detail.linkCount > detail.spanLinks.length ? (
        <p className="muted">
          {(detail.linkCount - detail.spanLinks.length).toLocaleString('en-US')} more links not shown.
        </p>
      ) : null}
    </PaneSection>
  );
}

/** The service, resource and instrumentation scope that made the span. */
export function SpanOriginSection({ detail, open }: { detail: SpanDetail; open: boolean }) {
  const origin = detail.origin;
  if (!origin) return null;
  return (
    <PaneSection title="Service and resource" testId="span-origin" open={open}>
      <dl className="facts">
        <dt>Service</dt>
        <dd className="mono" data-testid="span-service">
          {origin.serviceName ?? '—'}
        </dd>
        <dt>Scope</dt>
        <dd className="mono" data-testid="span-scope">
          {origin.scope
            ? `${origin.scope.name}${origin.scope.version ? ` ${origin.scope.version}` : ''}`
            : '—'}
        </dd>
        {origin.schemaUrl ? (
          <>
            <dt>Schema</dt>
            <dd className="mono">{origin.schemaUrl}</dd>
          </>
        ) : null}
      </dl>
      <div className="node-section__label">Resource attributes</div>
      <AttributeList
        attributes={origin.resourceAttributes}
        cut={origin.cutResourceAttributes}
        testId="span-resource-attributes"
      />
      {origin.omittedResourceAttributes ? (
        <p className="muted">{origin.omittedResourceAttributes.toLocaleString('en-US')} more not shown.</p>
      ) : null}
    </PaneSection>
  );
}
