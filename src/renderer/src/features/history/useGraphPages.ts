import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { GRAPH_PAGE_SIZE, pagesCovering, withPage } from './graph-pages';
import type { GraphPages } from './graph-pages';

/** Rows read beyond the visible ones on each side, so scrolling a little never waits. */
const MARGIN_ROWS = 100;

export interface GraphPagesState {
  /** The pages read so far; after the history changed, the old ones stay until new ones arrive. */
  graph: GraphPages | null;
  error: CallError | null;
  retry(): void;
}

/**
 * What the pages read are for: a version of the history, and the run in focus (the first page also
 * says whether that run still has its branch and its commits).
 */
export function graphPagesKey(version: number, focusRunId: string | null): string {
  return `${version}|${focusRunId ?? ''}`;
}

/**
 * Reads the commit graph a page at a time around the visible rows `first … last`. A new `version`
 * (the history changed) reads the visible pages again and then drops every page of the old one.
 */
export function useGraphPages(
  version: number,
  first: number,
  last: number,
  focusRunId: string | null,
): GraphPagesState {
  const key = graphPagesKey(version, focusRunId);
  const [graph, setGraph] = useState<GraphPages | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [retries, setRetries] = useState(0);
  const inFlight = useRef(new Set<string>());
  const visible = useRef({ first, last });
  visible.current = { first, last };
  const currentKey = useRef(key);
  currentKey.current = key;

  useEffect(() => {
    const total = graph !== null && graph.key === key ? graph.total : null;
    const wanted = pagesCovering(first, last, total, MARGIN_ROWS, GRAPH_PAGE_SIZE);
    for (const index of wanted) {
      const held = graph !== null && graph.key === key && graph.pages.has(index);
      const ticket = `${key}|${index}|${retries}`;
      if (held || inFlight.current.has(ticket)) continue;
      inFlight.current.add(ticket);
      void request('outcomeGraph', {
        offset: index * GRAPH_PAGE_SIZE,
        limit: GRAPH_PAGE_SIZE,
        runs: index === 0 && focusRunId !== null ? [focusRunId] : [],
      }).then((result) => {
        inFlight.current.delete(ticket);
        if (currentKey.current !== key) return;
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setError(null);
        setGraph((previous) => withPage(previous, key, result.value, visible.current));
      });
    }
  }, [key, first, last, graph, retries, focusRunId]);

  const retry = useCallback(() => {
    setError(null);
    setRetries((count) => count + 1);
  }, []);

  return { graph, error, retry };
}
