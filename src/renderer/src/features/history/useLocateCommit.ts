import { useEffect, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { rowOfSha } from './graph-pages';
import type { GraphPages } from './graph-pages';

/** Rows per call while looking for a commit further down than the pages read. */
const SCAN_PAGE = 500;

export interface LocatedCommit {
  sha: string;
  /** The commit's row, null when no ref reaches it (or it is not in the repository). */
  row: number | null;
}

export interface LocateState {
  located: LocatedCommit | null;
  searching: boolean;
  error: CallError | null;
}

/**
 * The graph row of commit `sha` (a full id or a prefix): from the pages already read when it is
 * among them, else by reading the graph further a large page at a time (only ids are kept).
 */
export function useLocateCommit(sha: string | null, graph: GraphPages | null, version: number): LocateState {
  const [state, setState] = useState<LocateState>({ located: null, searching: false, error: null });
  const known = sha === null ? null : rowOfSha(graph, sha);

  useEffect(() => {
    if (sha === null) {
      setState({ located: null, searching: false, error: null });
      return;
    }
    if (known !== null) {
      setState({ located: { sha, row: known }, searching: false, error: null });
      return;
    }
    let cancelled = false;
    setState({ located: null, searching: true, error: null });
    const wanted = sha.toLowerCase();
    void (async () => {
      for (let offset = 0; ; offset += SCAN_PAGE) {
        const result = await request('outcomeGraph', { offset, limit: SCAN_PAGE });
        if (cancelled) return;
        if (!result.ok) {
          setState({ located: null, searching: false, error: result.error });
          return;
        }
        const found = result.value.commits.find((commit) => commit.sha.startsWith(wanted));
        if (found !== undefined) {
          setState({ located: { sha, row: found.row }, searching: false, error: null });
          return;
        }
        if (offset + SCAN_PAGE >= result.value.total || result.value.commits.length === 0) {
          setState({ located: { sha, row: null }, searching: false, error: null });
          return;
        }
      }
    })();
    return () => {
      cancelled = true;
    };
    // `known` settles it once the pages hold the commit; a new version may have moved it.
  }, [sha, known, version]);

  return state;
}
