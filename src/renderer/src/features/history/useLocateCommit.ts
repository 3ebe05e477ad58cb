import { useEffect, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { rowOfSha } from './graph-pages';
import type { GraphPages } from './graph-pages';

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
 * among them, else asked of the service, which knows every row without sending the graph.
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
    void request('commitRow', { sha: sha.toLowerCase() }).then((result) => {
      if (cancelled) return;
      setState(
        result.ok
          ? { located: { sha, row: result.value.row }, searching: false, error: null }
          : { located: null, searching: false, error: result.error },
      );
    });
    return () => {
      cancelled = true;
    };
    // `known` settles it once the pages hold the commit; a new version may have moved it.
  }, [sha, known, version]);

  return state;
}
