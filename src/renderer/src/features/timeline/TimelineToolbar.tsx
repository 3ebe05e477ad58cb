import { forwardRef, memo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { formatCount } from '../../format/format';
import type { TraceSearch } from '../../stores/view-store';

interface TimelineToolbarProps {
  search: TraceSearch;
  notice: string | null;
  onSearch(text: string): void;
  onClearSearch(): void;
  onJump(direction: 1 | -1): void;
  onZoom(factor: number): void;
  onFit(): void;
  onLeaveSearch(): void;
}

/** Search within the trace and the zoom controls; a scroll of the timeline does not render them. */
export const TimelineToolbar = memo(
  forwardRef<HTMLInputElement, TimelineToolbarProps>(function TimelineToolbar(props, searchRef) {
    const [text, setText] = useState(props.search.text);
    const { search } = props;

    const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        if (text.trim() && text.trim() !== search.text) props.onSearch(text.trim());
        else props.onJump(event.shiftKey ? -1 : 1);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        if (text) {
          setText('');
          props.onClearSearch();
        } else {
          props.onLeaveSearch();
        }
      }
    };

    const matchText = search.searching
      ? 'searching…'
      : search.text
        ? search.total > search.matches.size
          ? `${formatCount(search.matches.size)} of ${formatCount(search.total)} matches`
          : `${formatCount(search.total)} match${search.total === 1 ? '' : 'es'}`
        : '';

    return (
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline">
        <div className="timeline-toolbar__search">
          <input
            ref={searchRef}
            type="search"
            className="text-input text-input--small"
            placeholder="Search spans  ( / )"
            aria-label="Search spans"
            data-testid="timeline-search"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              if (event.target.value === '') props.onClearSearch();
            }}
            onKeyDown={onKey}
          />
          <span className="timeline-toolbar__matches" data-testid="timeline-search-count" aria-live="polite">
            {matchText}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Previous match (N)"
            title="Previous match (N)"
            data-testid="timeline-search-prev"
            disabled={search.matches.size === 0}
            onClick={() => props.onJump(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Next match (n)"
            title="Next match (n)"
            data-testid="timeline-search-next"
            disabled={search.matches.size === 0}
            onClick={() => props.onJump(1)}
          >
            ↓
          </button>
        </div>
        {props.notice || search.error ? (
          <span className="timeline-toolbar__notice" role="status" data-testid="timeline-notice">
            {search.error ? `Search failed (${search.error.code}): ${search.error.message}` : props.notice}
          </span>
        ) : null}
        <div className="timeline-toolbar__zoom">
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom out (-)"
            title="Zoom out (-)"
            data-testid="timeline-zoom-out"
            onClick={() => props.onZoom(1 / 1.6)}
          >
            −
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom in (+)"
            title="Zoom in (+)"
            data-testid="timeline-zoom-in"
            onClick={() => props.onZoom(1.6)}
          >
            +
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            title="Fit the whole run (0)"
            data-testid="timeline-zoom-fit"
            onClick={props.onFit}
          >
            Fit
          </button>
        </div>
      </div>
    );
  }),
);
