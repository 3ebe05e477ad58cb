import type { CommitGraphPage, GraphCommit, GraphEdge } from '../../../../shared/compare-data';

/** Rows per `outcomeGraph` call. */
export const GRAPH_PAGE_SIZE = 200;
/** Pages kept at most; the ones farthest from the visible rows go first. */
export const MAX_KEPT_PAGES = 8;

/** The pages of the commit graph read so far, for one state of the repository. */
export interface GraphPages {
  /** Which state of the history the pages were read from: pages of two states never mix. */
  key: string;
  total: number;
  repositoryDir: string;
  /** By page index (row / page size). */
  pages: ReadonlyMap<number, CommitGraphPage>;
  /** The most lanes any page needed: the graph column keeps that width while scrolling. */
  laneCount: number;
  pageSize: number;
}

export function pageIndexOf(row: number, pageSize: number = GRAPH_PAGE_SIZE): number {
  return Math.floor(row / pageSize);
}

/**
 * The pages holding rows `first - margin … last + margin`, nearest to the visible rows first;
 * with `total` unknown, only the pages the rows themselves ask for.
 */
export function pagesCovering(
  first: number,
  last: number,
  total: number | null,
  margin: number,
  pageSize: number = GRAPH_PAGE_SIZE,
): number[] {
  const top = Math.max(0, Math.min(first, last) - margin);
  let bottom = Math.max(first, last) + margin;
  if (total !== null) {
    if (total === 0) return [];
    bottom = Math.min(bottom, total - 1);
  }
  const from = pageIndexOf(top, pageSize);
  const to = Math.max(from, pageIndexOf(Math.max(top, bottom), pageSize));
  const centre = pageIndexOf(Math.max(0, first), pageSize);
  const indices: number[] = [];
  for (let index = from; index <= to; index += 1) indices.push(index);
  return indices.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre) || a - b);
}

/**
 * The pages with `page` added. A page read under another key starts over (the history changed, so
 * rows moved); beyond `maxPages`, the pages farthest from the visible rows are dropped.
 */
export function withPage(
  current: GraphPages | null,
  key: string,
  page: CommitGraphPage,
  visible: { first: number; last: number },
  options: { pageSize?: number; maxPages?: number } = {},
): GraphPages {
  const pageSize = options.pageSize ?? GRAPH_PAGE_SIZE;
  const maxPages = options.maxPages ?? MAX_KEPT_PAGES;
  const index = pageIndexOf(page.offset, pageSize);
  const fresh = current === null || current.key !== key || current.pageSize !== pageSize;
  const pages = new Map(fresh ? [] : current.pages);
  pages.set(index, page);
  if (pages.size > maxPages) {
    const near = pageIndexOf(Math.max(0, visible.first), pageSize);
    const far = pageIndexOf(Math.max(0, visible.last), pageSize);
    const distance = (i: number): number => (i < near ? near - i : i > far ? i - far : 0);
    const byDistance = [...pages.keys()].filter((i) => i !== index).sort((a, b) => distance(b) - distance(a));
    for (const drop of byDistance) {
      if (pages.size <= maxPages) break;
      pages.delete(drop);
    }
  }
  return {
    key,
    total: page.total,
    repositoryDir: page.repositoryDir,
    pages,
    laneCount: Math.max(fresh ? 0 : current.laneCount, page.laneCount),
    pageSize,
  };
}

/** The commit at `row`, when its page has been read. */
export function commitAt(graph: GraphPages | null, row: number): GraphCommit | undefined {
  if (graph === null || row < 0) return undefined;
  const page = graph.pages.get(pageIndexOf(row, graph.pageSize));
  return page?.commits[row - page.offset];
}

/** The lines entering `row` from the row above (none for the first row), when known. */
export function edgesInto(graph: GraphPages | null, row: number): readonly GraphEdge[] | undefined {
  if (graph === null || row <= 0) return row === 0 ? [] : undefined;
  const page = graph.pages.get(pageIndexOf(row, graph.pageSize));
  if (page !== undefined && row === page.offset) return page.edgesIntoFirst;
  return commitAt(graph, row - 1)?.edges;
}

/** True when the page holding `row` is among those read for `key`. */
export function hasRow(graph: GraphPages | null, key: string, row: number): boolean {
  return graph !== null && graph.key === key && graph.pages.has(pageIndexOf(row, graph.pageSize));
}

/** The row of a commit among the pages read, by its full id or a prefix of at least 7 characters. */
export function rowOfSha(graph: GraphPages | null, sha: string): number | null {
  if (graph === null || sha.length < 7) return null;
  const wanted = sha.toLowerCase();
  for (const page of graph.pages.values()) {
    for (const commit of page.commits) {
      if (commit.sha === wanted || commit.sha.startsWith(wanted)) return commit.row;
    }
  }
  return null;
}
