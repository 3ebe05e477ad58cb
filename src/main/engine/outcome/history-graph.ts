import type {
  CommitGraphPage,
  GraphCommit,
  GraphEdge,
  GraphRef,
  RunBranchState,
} from '../../../shared/compare-data';
import { OutcomeRepositoryError } from '../errors';
import { COMMIT_LOG_FORMAT, parseCommitLog } from './commit-log';
import { LaneLayout, laneCountOf } from './history-lanes';
import type { GitCommand } from './repository-git';

export interface CommitGraphOptions {
  /** The first row wanted, from 0 (newest). */
  offset?: number;
  /** How many rows, 1 to 2,000 (default 200). */
  limit?: number;
  /** Runs whose branches to check (their ids, and the commits their run directories recorded). */
  runs?: readonly KnownRun[];
}

export interface KnownRun {
  runId: string;
  /** Commits the run's directory says it made (node commits' `output.data.commit.sha`). */
  recordedCommits?: readonly string[];
}

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2000;
const RUN_BRANCH_PREFIX = 'refs/heads/run/';
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

interface ListedCommit {
  sha: string;
  parents: string[];
}

/** The graph laid out for the first `listed` commits of one state of the refs. */
interface LayoutCache {
  refsFingerprint: string;
  commits: ListedCommit[];
  layout: LaneLayout;
  /** True when `commits` holds the whole history. */
  complete: boolean;
  total: number;
  rowOfSha: Map<string, number> | null;
}

/**
 * Reads the repository's history as a drawable graph, a window of rows at a time. The lane layout
 * depends on every row above the window, so the newest-first list of commit ids and parents is
 * read up to the window's end (one light `git log`), laid out, and kept until a ref moves; only
 * the window's own commits are then read in full.
 */
export class CommitGraphReader {
  private cache: LayoutCache | null = null;

  constructor(private readonly repositoryDir: string) {}

  async page(run: GitCommand, options: CommitGraphOptions = {}): Promise<CommitGraphPage> {
    const offset = wholeNumberIn(options.offset, 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = wholeNumberIn(options.limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
    const refs = await readRefs(run, this.repositoryDir);
    // One row beyond the window settles where the window's last lines end.
    const cache = await this.layoutFor(run, refs.fingerprint, offset + limit + 1);
    const window = cache.layout.rows.slice(offset, offset + limit);
    const details = await readCommits(
      run,
      this.repositoryDir,
      window.map((row) => row.sha),
    );
    const commits: GraphCommit[] = window.map((row, index) => {
      const detail = details.get(row.sha);
      return {
        row: offset + index,
        sha: row.sha,
        parents: [...cache.commits[offset + index].parents],
        subject: detail?.subject ?? '',
        authoredAt: detail?.authoredAt ?? '',
        runId: detail?.runId ?? null,
        nodeId: detail?.nodeId ?? null,
        refs: (refs.bySha.get(row.sha) ?? []).map((ref) => ({ ...ref })),
        lane: row.lane,
        edges: copyEdges(row.edges),
      };
    });
    const edgesIntoFirst =
      offset > 0 && offset <= cache.layout.rows.length ? copyEdges(cache.layout.rows[offset - 1].edges) : [];
    const runs =
      options.runs === undefined || options.runs.length === 0
        ? []
        : await this.runStates(run, options.runs, refs);
    return {
      repositoryDir: this.repositoryDir,
      total: cache.total,
      offset,
      commits,
      edgesIntoFirst,
      laneCount: laneCountOf([...commits, { lane: -1, edges: edgesIntoFirst }]),
      runs,
    };
  }

  /** The graph rows of commits (full ids, or prefixes: the first match); null for one no ref reaches. */
  async rowsOf(run: GitCommand, shas: readonly string[]): Promise<(number | null)[]> {
    const refs = await readRefs(run, this.repositoryDir);
    const cache = await this.layoutFor(run, refs.fingerprint, Number.POSITIVE_INFINITY);
    if (cache.rowOfSha === null) {
      cache.rowOfSha = new Map(cache.commits.map((commit, index) => [commit.sha, index]));
    }
    const rowOfSha = cache.rowOfSha;
    return shas.map((sha) => {
      const wanted = sha.toLowerCase();
      const exact = rowOfSha.get(wanted);
      if (exact !== undefined) return exact;
      const row = cache.commits.findIndex((commit) => commit.sha.startsWith(wanted));
      return row === -1 ? null : row;
    });
  }

  /** Whether each run still has its branch and the commits it recorded. */
  async runStates(run: GitCommand, runs: readonly KnownRun[], known?: RefsState): Promise<RunBranchState[]> {
    const refs = known ?? (await readRefs(run, this.repositoryDir));
    const recordedOf = (entry: KnownRun): string[] =>
      (entry.recordedCommits ?? []).map((sha) => sha.toLowerCase()).filter((sha) => OBJECT_ID.test(sha));
    const needsHistory = runs.some((entry) => refs.runTips.has(entry.runId) && recordedOf(entry).length > 0);
    const parentsOf = needsHistory
      ? new Map(
          (await this.layoutFor(run, refs.fingerprint, Number.POSITIVE_INFINITY)).commits.map((commit) => [
            commit.sha,
            commit.parents,
          ]),
        )
      : new Map<string, string[]>();
    return runs.map((entry): RunBranchState => {
      const branch = `run/${entry.runId}`;
      const head = refs.runTips.get(entry.runId) ?? null;
      if (head === null) {
        return {
          runId: entry.runId,
          branch,
          state: 'branch_missing',
          head: null,
          detail: `branch missing: ${branch} is not in the outcome repository ${this.repositoryDir} (deleted or renamed)`,
        };
      }
      const lost = notReachable(parentsOf, head, recordedOf(entry));
      if (lost.length > 0) {
        const one = lost.length === 1;
        return {
          runId: entry.runId,
          branch,
          state: 'rewritten',
          head,
          detail:
            `the history of ${branch} was rewritten: ${one ? 'commit' : 'commits'} ` +
            `${lost.map((sha) => sha.slice(0, 12)).join(', ')} that the run recorded ${one ? 'is' : 'are'} no longer on it`,
        };
      }
      return { runId: entry.runId, branch, state: 'present', head, detail: null };
    });
  }

  private async layoutFor(
    run: GitCommand,
    refsFingerprint: string,
    rowsWanted: number,
  ): Promise<LayoutCache> {
    const cached = this.cache;
    if (
      cached !== null &&
      cached.refsFingerprint === refsFingerprint &&
      (cached.complete || cached.commits.length >= rowsWanted)
    ) {
      return cached;
    }
    // Reading further than asked when going deeper keeps scrolling from re-reading at every page.
    const grown =
      cached !== null && cached.refsFingerprint === refsFingerprint ? cached.commits.length * 2 : 0;
    const count = Math.max(rowsWanted, grown);
    const args = ['log', '--all', '--topo-order', '--no-color', '--format=%H %P'];
    if (Number.isFinite(count)) args.push(`--max-count=${count}`);
    const output = await run(this.repositoryDir, args);
    const commits: ListedCommit[] = [];
    const layout = new LaneLayout();
    for (const line of output.split('\n')) {
      if (line === '') continue;
      const [sha, ...parents] = line.split(' ');
      if (!OBJECT_ID.test(sha)) {
        throw new OutcomeRepositoryError(
          `unexpected git log line ${JSON.stringify(line.slice(0, 100))} in ${this.repositoryDir}`,
        );
      }
      const commit = { sha, parents: parents.filter((parent) => parent !== '') };
      commits.push(commit);
      layout.add(commit);
    }
    const complete = !Number.isFinite(count) || commits.length < count;
    const total = complete
      ? commits.length
      : cached !== null && cached.refsFingerprint === refsFingerprint
        ? cached.total
        : Number((await run(this.repositoryDir, ['rev-list', '--all', '--count'])).trim());
    this.cache = { refsFingerprint, commits, layout, complete, total, rowOfSha: null };
    return this.cache;
  }
}

export interface RefsState {
  /** Changes whenever any ref moves, appears or goes. */
  fingerprint: string;
  bySha: Map<string, GraphRef[]>;
  /** Run id → tip of `run/<run_id>`. */
  runTips: Map<string, string>;
}

async function readRefs(run: GitCommand, repositoryDir: string): Promise<RefsState> {
  const output = await run(repositoryDir, [
    'for-each-ref',
    '--format=%(objectname)%00%(*objectname)%00%(refname)',
  ]);
  const bySha = new Map<string, GraphRef[]>();
  const runTips = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [object, peeled, refname] = line.split('\0');
    if (refname === undefined) continue;
    // An annotated tag points at a tag object; the commit is what it peels to.
    const sha = peeled !== '' ? peeled : object;
    const ref = graphRef(refname);
    const list = bySha.get(sha);
    if (list === undefined) bySha.set(sha, [ref]);
    else list.push(ref);
    if (refname.startsWith(RUN_BRANCH_PREFIX)) runTips.set(refname.slice(RUN_BRANCH_PREFIX.length), sha);
  }
  return { fingerprint: output, bySha, runTips };
}

function graphRef(refname: string): GraphRef {
  if (refname.startsWith('refs/heads/')) return { name: refname.slice('refs/heads/'.length), kind: 'branch' };
  if (refname.startsWith('refs/tags/'))
    return { name: `tags/${refname.slice('refs/tags/'.length)}`, kind: 'tag' };
  return { name: refname.replace(/^refs\//, ''), kind: 'other' };
}

/** Subject, date, run and node of each commit, in one `git log --no-walk` call. */
async function readCommits(
  run: GitCommand,
  repositoryDir: string,
  shas: readonly string[],
): Promise<
  Map<string, { subject: string; authoredAt: string; runId: string | null; nodeId: string | null }>
> {
  if (shas.length === 0) return new Map();
  const output = await run(
    repositoryDir,
    ['log', '--no-walk=unsorted', '--stdin', '-z', '--no-color', '--no-show-signature', COMMIT_LOG_FORMAT],
    { stdin: shas.map((sha) => `${sha}\n`).join('') },
  );
  const commits = parseCommitLog(output, `the history of ${repositoryDir}`);
  return new Map(
    commits.map((commit) => [
      commit.sha,
      { subject: commit.subject, authoredAt: commit.authoredAt, runId: commit.runId, nodeId: commit.nodeId },
    ]),
  );
}

function wholeNumberIn(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function copyEdges(edges: readonly GraphEdge[]): GraphEdge[] {
  return edges.map((edge) => ({ ...edge }));
}

/** The commits of `wanted` that are neither `tip` nor reachable from it through parents. */
function notReachable(parentsOf: Map<string, string[]>, tip: string, wanted: readonly string[]): string[] {
  const missing = new Set(wanted);
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0 && missing.size > 0) {
    const sha = stack.pop()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    missing.delete(sha);
    for (const parent of parentsOf.get(sha) ?? []) stack.push(parent);
  }
  return wanted.filter((sha) => missing.has(sha));
}
